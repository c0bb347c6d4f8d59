import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Session } from './api/session';
import { SessionProvider } from './api/session-context';
import { App } from './app';
import './styles.css';

const queries = new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } });
const session = new Session();
void session.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider session={session}>
      <QueryClientProvider client={queries}>
        <App />
      </QueryClientProvider>
    </SessionProvider>
  </StrictMode>,
);
