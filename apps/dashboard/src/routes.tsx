import { Navigate, NavLink, Outlet, RouteObject, useLocation, useNavigate } from 'react-router';
import { useSession, useSessionState, useSignedIn } from './api/session-context';
import { RegisterPage } from './features/auth/register-page';
import { SignInPage } from './features/auth/sign-in-page';
import { ApiKeysPage } from './features/api-keys/api-keys-page';
import { CampaignPage } from './features/campaigns/campaign-page';
import { CampaignsPage } from './features/campaigns/campaigns-page';
import { OverviewPage } from './features/overview/overview-page';
import { DevicesPage } from './features/devices/devices-page';
import { OrganizationsPage } from './features/admin/organizations-page';
import { PoolsPage } from './features/admin/pools-page';
import { ProvidersPage } from './features/admin/providers-page';
import { MessagesPage } from './features/messages/messages-page';
import { MessagePage } from './features/messages/message-page';
import { VerificationPage } from './features/verifications/verification-page';
import { VerificationsPage } from './features/verifications/verifications-page';
import { TemplatesPage } from './features/templates/templates-page';
import { TemplatePage } from './features/templates/template-page';
import { WebhooksPage } from './features/webhooks/webhooks-page';
import { OptOutsPage } from './features/opt-outs/opt-outs-page';
import { BillingPage } from './features/billing/billing-page';
import { PlatformPage } from './features/admin/platform-page';
import { ReactNode, useState } from 'react';

/** The home page: a phone owner's is their phones, anyone else's the overview. */
function HomePage() {
  const signedIn = useSignedIn();
  return signedIn?.user.accountType === 'device_owner' ? <Navigate to="/phones" replace /> : <OverviewPage />;
}

/** Operator pages: anyone who is not a platform operator is sent home. */
function OperatorOnly({ children }: { children: ReactNode }) {
  const signedIn = useSignedIn();
  return signedIn?.user.platformAdmin ? children : <Navigate to="/" replace />;
}

/** The main navigation: a row of links, folded behind a Menu button on a phone-sized screen (styles.css). */
function MainNavigation({ owner, operator }: { owner: boolean; operator: boolean }) {
  // Open on the page where it was opened: following a link closes it, with no effect to keep in step.
  const { pathname } = useLocation();
  const [openOn, setOpenOn] = useState<string>();
  const open = openOn === pathname;
  return (
    <>
      <button type="button" className="menu-button" aria-expanded={open} aria-controls="main-navigation" onClick={() => setOpenOn(open ? undefined : pathname)}>
        Menu
      </button>
      <nav id="main-navigation" aria-label="Main" className={open ? 'open' : undefined}>
        {owner ? (
          <NavLink to="/phones">Phones</NavLink>
        ) : (
          <>
            <NavLink to="/" end>
              Overview
            </NavLink>
            <NavLink to="/campaigns">Campaigns</NavLink>
            <NavLink to="/messages">Messages</NavLink>
            <NavLink to="/verifications">Verifications</NavLink>
            <NavLink to="/templates">Templates</NavLink>
            <NavLink to="/api-keys">API keys</NavLink>
            <NavLink to="/webhooks">Webhooks</NavLink>
            <NavLink to="/opt-outs">Opt-outs</NavLink>
            <NavLink to="/billing">Billing</NavLink>
          </>
        )}
        {operator && (
          <>
            <NavLink to="/admin/organizations">Organizations</NavLink>
            <NavLink to="/admin/pools">Pools</NavLink>
            <NavLink to="/admin/providers">Providers</NavLink>
            <NavLink to="/admin/platform">Platform</NavLink>
          </>
        )}
      </nav>
    </>
  );
}

/**
 * The signed-in frame: navigation, who is signed in, log out. While a reloaded page restores its
 * session it waits; anyone not signed in is sent to sign in (which says why when a session ended).
 */
function SignedInLayout() {
  const session = useSession();
  const state = useSessionState();
  const navigate = useNavigate();
  if (state.phase === 'restoring') {
    return (
      <main>
        <p role="status">Restoring your session…</p>
      </main>
    );
  }
  if (state.phase !== 'signed-in') return <Navigate to="/sign-in" replace />;
  const { signedIn } = state;
  return (
    <>
      <header>
        <MainNavigation owner={signedIn.user.accountType === 'device_owner'} operator={signedIn.user.platformAdmin} />
        <span className="who">{signedIn.organization?.name ?? signedIn.user.name}</span>
        <button type="button" onClick={() => void session.logOut().then(() => navigate('/sign-in'))}>
          Log out
        </button>
      </header>
      <main>
        <Outlet />
      </main>
    </>
  );
}

/** Every page; the app serves them under `/app` (app.tsx). */
export const DASHBOARD_ROUTES: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/register', element: <RegisterPage /> },
  {
    element: <SignedInLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'phones', element: <DevicesPage /> },
      { path: 'admin/organizations', element: <OperatorOnly><OrganizationsPage /></OperatorOnly> },
      { path: 'admin/pools', element: <OperatorOnly><PoolsPage /></OperatorOnly> },
      { path: 'admin/providers', element: <OperatorOnly><ProvidersPage /></OperatorOnly> },
      { path: 'admin/platform', element: <OperatorOnly><PlatformPage /></OperatorOnly> },
      { path: 'api-keys', element: <ApiKeysPage /> },
      { path: 'campaigns', element: <CampaignsPage /> },
      { path: 'campaigns/:id', element: <CampaignPage /> },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'messages/:id', element: <MessagePage /> },
      { path: 'verifications', element: <VerificationsPage /> },
      { path: 'verifications/:id', element: <VerificationPage /> },
      { path: 'templates', element: <TemplatesPage /> },
      { path: 'templates/:id', element: <TemplatePage /> },
      { path: 'webhooks', element: <WebhooksPage /> },
      { path: 'opt-outs', element: <OptOutsPage /> },
      { path: 'billing', element: <BillingPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];
