import { FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useSession, useSessionState } from '../../api/session-context';
import { ProblemMessage } from '../../components/problem-message';
import { ApiError } from '@zagel/sdk';

/** Log in with email and password; says so when the previous session ended by itself (expired, revoked). */
export function SignInPage() {
  const session = useSession();
  const state = useSessionState();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const reply = await session.logIn({ email: String(form.get('email')), password: String(form.get('password')) });
    setBusy(false);
    if (reply.ok) void navigate('/');
    else setError(new ApiError(reply.status, reply.problem ?? {}, reply.headers, reply.call));
  }

  if (state.phase === 'signed-in' && !busy) return <Navigate to="/" replace />;
  return (
    <main className="narrow">
      <h1>Sign in to Zagel</h1>
      {state.phase === 'signed-out' && state.notice && (
        <p role="status" className="notice">
          {state.notice}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <ProblemMessage error={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        No account yet? <Link to="/register">Create one</Link>
      </p>
    </main>
  );
}
