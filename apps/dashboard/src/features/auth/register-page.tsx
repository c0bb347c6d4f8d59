import { FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '@zagel/sdk';
import { useSession } from '../../api/session-context';
import { ProblemMessage } from '../../components/problem-message';

/** Create a customer account (and its organization) or a phone-owner account; signs in. */
export function RegisterPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const accountType = form.get('accountType') === 'device_owner' ? 'device_owner' : 'customer';
    const organizationName = String(form.get('organizationName') ?? '').trim();
    setBusy(true);
    const reply = await session.register({
      name: String(form.get('name')),
      email: String(form.get('email')),
      password: String(form.get('password')),
      accountType,
      ...(accountType === 'customer' && organizationName ? { organizationName } : {}),
    });
    setBusy(false);
    if (reply.ok) void navigate('/');
    else setError(new ApiError(reply.status, reply.problem ?? {}, reply.headers, reply.call));
  }

  return (
    <main className="narrow">
      <h1>Create your Zagel account</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Your name
          <input name="name" autoComplete="name" required />
        </label>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password (at least 10 characters)
          <input name="password" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <fieldset>
          <legend>I want to</legend>
          <label className="inline">
            <input type="radio" name="accountType" value="customer" defaultChecked /> send messages (customer)
          </label>
          <label className="inline">
            <input type="radio" name="accountType" value="device_owner" /> lend my phones (phone owner)
          </label>
        </fieldset>
        <label>
          Organization name (customers)
          <input name="organizationName" autoComplete="organization" />
        </label>
        <ProblemMessage error={error} />
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Already have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
