import { FormEvent } from 'react';
import { Schema } from '@zagel/sdk';
import { useApiMutation } from '../../api/use-api';
import { ProblemMessage } from '../../components/problem-message';

/**
 * An unverified phone gets no messages until it proves its number: its app does it by itself when
 * the code reaches it; otherwise its owner types the code here, or asks for a new one.
 */
export function ProveNumber({ device, invalidates }: { device: Schema<'OwnedDeviceView'>; invalidates: readonly unknown[] }) {
  const verify = useApiMutation((api, code: string) => api.post(`/v1/devices/${device.id}/verify`, { code }), invalidates);
  const resend = useApiMutation((api, _: void) => api.post(`/v1/devices/${device.id}/proof`), invalidates);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    verify.mutate(String(new FormData(event.currentTarget).get('code')).trim());
  }

  return (
    <form onSubmit={submit} aria-label={`Prove the number of ${device.label}`}>
      <label>
        Code sent to {device.phoneNumber}
        <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{4,10}" required />
      </label>
      <button type="submit" disabled={verify.isPending}>
        Verify
      </button>
      <button type="button" disabled={resend.isPending} onClick={() => resend.mutate()}>
        Send a new code
      </button>
      {resend.isSuccess && <p role="status">A new code is on its way to {device.phoneNumber}.</p>}
      <ProblemMessage error={verify.error ?? resend.error} />
    </form>
  );
}
