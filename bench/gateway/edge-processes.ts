import { ServiceName } from '@zagel/config';
import { cleanupTestNamespace, createTestNamespace, startPlatformProcesses } from '@zagel/testing';

const SERVICES: readonly ServiceName[] = ['api-gateway', 'auth'];

export interface RunningEdge {
  gatewayUrl: string;
  stop(): Promise<void>;
}

/** api-gateway and auth as processes from the build, in a namespace of their own that is removed afterwards. */
export async function startEdge(env: Record<string, string>): Promise<RunningEdge> {
  const test = createTestNamespace();
  try {
    const platform = await startPlatformProcesses(test, SERVICES, env);
    return {
      gatewayUrl: platform.urls['api-gateway'] as string,
      stop: async () => {
        try {
          await platform.stop();
        } finally {
          await cleanupTestNamespace(test, SERVICES);
        }
      },
    };
  } catch (error) {
    await cleanupTestNamespace(test, SERVICES);
    throw error;
  }
}
