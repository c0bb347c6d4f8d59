/**
 * The first platform operator on a developer's machine, as docker-compose.yml and the local k8s
 * overlay define it; `npm run demo` signs in with it to credit the demo customer. Deployments set
 * their own (k8s/base takes them from the secret).
 */
export const LOCAL_OPERATOR = { ADMIN_EMAIL: 'admin@zagel.local', ADMIN_PASSWORD: 'change-me-please' } as const;

/** The environment with the local operator filled in when neither operator variable is set. */
export function withLocalDefaults(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; defaulted: boolean } {
  if (env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined) return { env, defaulted: false };
  return { env: { ...env, ...LOCAL_OPERATOR }, defaulted: true };
}
