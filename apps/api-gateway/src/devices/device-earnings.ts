import { DevicePage, RewardSummary } from '@zagel/contracts';
import { OwnedDevicePage } from './dtos/device.dtos';

/**
 * The owner's phones with the reward tokens each earned (0 for a phone that earned nothing yet);
 * `earnings: null` on every phone when billing's summary is missing.
 */
export function withEarnings(page: DevicePage, rewards: RewardSummary | null): OwnedDevicePage {
  const earned = new Map(rewards?.byDevice.map((device) => [device.deviceId, device.earned]));
  return {
    ...page,
    items: page.items.map((device) => ({ ...device, earnings: rewards ? (earned.get(device.id) ?? 0) : null })),
  };
}
