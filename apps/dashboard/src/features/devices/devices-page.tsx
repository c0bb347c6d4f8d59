import { FormEvent, useState } from 'react';
import { Schema } from '@zagel/sdk';
import { useApiMutation, useApiQuery } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';
import { DeviceToken } from './device-token';
import { earningsByDay, percent } from './earnings';
import { TableScroll } from '../../components/table-scroll';

const DEVICES = ['devices'] as const;

function stateOf(device: Schema<'OwnedDeviceView'>): string {
  if (device.quarantined) return 'quarantined';
  if (device.paused) return 'paused';
  if (device.coolingDownUntil && Date.parse(device.coolingDownUntil) > Date.now()) return 'cooling down';
  return device.online ? 'online' : 'offline';
}

/**
 * A phone owner's phones: `POST /v1/devices` (the device token shown once, as text and QR code),
 * `GET /v1/devices` (presence, quota, success rate, tokens earned; every 5 s) and `GET /v1/rewards`
 * (the reward balance, and the history summed per day).
 */
export function DevicesPage() {
  const devices = useApiQuery(DEVICES, (api) => api.get('/v1/devices?limit=100'), { refetchInterval: 5_000 });
  const rewards = useApiQuery(['rewards'], (api) => api.get('/v1/rewards?limit=100'), { refetchInterval: 30_000 });
  const register = useApiMutation((api, body: Schema<'RegisterDeviceBody'>) => api.post('/v1/devices', body), DEVICES);
  const [token, setToken] = useState<string>();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    register.mutate(
      { phoneNumber: String(form.get('phoneNumber')).trim(), label: String(form.get('label')).trim() },
      {
        onSuccess: (created) => {
          setToken(created.deviceToken);
          target.reset();
        },
      },
    );
  }

  const days = rewards.data ? earningsByDay(rewards.data.items) : [];
  return (
    <section aria-labelledby="devices-title">
      <h1 id="devices-title">Your phones</h1>
      {token && <DeviceToken token={token} onDone={() => setToken(undefined)} />}
      <form onSubmit={submit}>
        <h2>Register a phone</h2>
        <label>
          Phone number (with country code, e.g. +201001234567)
          <input name="phoneNumber" type="tel" autoComplete="tel" required />
        </label>
        <label>
          Phone label
          <input name="label" required placeholder="Old Samsung in the kitchen" />
        </label>
        <ProblemMessage error={register.error} />
        <button type="submit" disabled={register.isPending}>
          Register phone
        </button>
      </form>
      <ProblemMessage error={devices.error} />
      {devices.data && devices.data.items.length === 0 && <p>No phones yet: register one above, then start the Zagel app on it with its token.</p>}
      {devices.data && devices.data.items.length > 0 && (
        <TableScroll label="Your phones">
          <table>
            <caption>Your phones</caption>
            <thead>
              <tr>
                <th scope="col">Phone</th>
                <th scope="col">Number</th>
                <th scope="col">State</th>
                <th scope="col">Sent (last 24 h)</th>
                <th scope="col">Quota per 24 h</th>
                <th scope="col">Success rate</th>
                <th scope="col">Tokens earned</th>
              </tr>
            </thead>
            <tbody>
              {devices.data.items.map((device) => (
                <tr key={device.id}>
                  <td>{device.label}</td>
                  <td>{device.phoneNumber}</td>
                  <td data-state={stateOf(device)}>{stateOf(device)}</td>
                  <td>{device.sentToday}</td>
                  <td>{device.dailyQuota}</td>
                  <td>{percent(device.successRate)}</td>
                  <td>{device.earnings ?? 'unavailable'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2>Earnings</h2>
      <ProblemMessage error={rewards.error} />
      {rewards.data && (
        <p>
          Reward balance: <strong>{rewards.data.balance}</strong> tokens
        </p>
      )}
      {rewards.data && days.length === 0 && <p>No rewards yet: a phone earns tokens for each message it delivers that is proven to arrive.</p>}
      {days.length > 0 && (
        <TableScroll label="Tokens earned by day">
          <table>
            <caption>Tokens earned by day{rewards.data?.nextCursor ? ' (latest 100 rewards)' : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Day (UTC)</th>
                <th scope="col">Messages rewarded</th>
                <th scope="col">Tokens</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.day}>
                  <td>{day.day}</td>
                  <td>{day.messages}</td>
                  <td>{day.tokens}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
