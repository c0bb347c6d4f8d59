import { createContext, ReactNode, useContext, useSyncExternalStore } from 'react';
import { Session, SessionState } from './session';

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Where the session stands (restoring, signed in, signed out and why); re-renders when it changes. */
export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(
    (listener) => session.subscribe(listener),
    () => session.state,
  );
}

/** Who is signed in, if anyone. */
export function useSignedIn() {
  const state = useSessionState();
  return state.phase === 'signed-in' ? state.signedIn : undefined;
}
