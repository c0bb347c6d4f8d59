import { AdapterContext, ProviderAdapterFactory } from '../provider-adapter';
import { SimulatorAdapter } from './simulator.adapter';
import { SimulatorSettings } from './simulator.settings';

export const simulatorAdapterFactory: ProviderAdapterFactory<SimulatorSettings> = {
  kind: 'simulator',
  /** Plays any provider: every format. */
  formats: ['text', 'unicode', 'flash', 'binary'],
  settingsClass: SimulatorSettings,
  create: (settings: SimulatorSettings, context: AdapterContext) => new SimulatorAdapter(settings, context),
};
