import { COMMERCIAL_ADAPTER_FACTORIES } from './commercial';
import type { SmsFormat } from '@zagel/contracts';
import { ProviderAdapterFactory } from './provider-adapter';
import { simulatorAdapterFactory } from './simulator/simulator.factory';

/** Every adapter kind this build can send through; providers are looked up by kind here only. */
export const ADAPTER_FACTORIES: readonly ProviderAdapterFactory[] = [
  simulatorAdapterFactory as unknown as ProviderAdapterFactory,
  ...COMMERCIAL_ADAPTER_FACTORIES,
];

export function adapterFactoryFor(kind: string): ProviderAdapterFactory | undefined {
  return ADAPTER_FACTORIES.find((factory) => factory.kind === kind);
}

/** Whether a provider kind carries messages of this format (`text` goes everywhere). */
export function carriesFormat(kind: string, format: SmsFormat | undefined): boolean {
  if (format === undefined || format === 'text') return true;
  return adapterFactoryFor(kind)?.formats?.includes(format) ?? false;
}
