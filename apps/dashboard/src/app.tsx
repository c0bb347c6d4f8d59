import { Navigate, NavLink, Outlet, RouterProvider, createBrowserRouter, useNavigate } from 'react-router';
import { useSession, useSignedIn } from './api/session-context';
import { RegisterPage } from './features/auth/register-page';
import { SignInPage } from './features/auth/sign-in-page';
import { ApiKeysPage } from './features/api-keys/api-keys-page';
import { CampaignPage } from './features/campaigns/campaign-page';
import { CampaignsPage } from './features/campaigns/campaigns-page';
import { OverviewPage } from './features/overview/overview-page';

/** The signed-in frame: navigation, who is signed in, log out; anyone else is sent to sign in. */
function SignedInLayout() {
  const session = useSession();
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  if (!signedIn) return <Navigate to="/sign-in" replace />;
  return (
    <>
      <header>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Overview
          </NavLink>
          <NavLink to="/campaigns">Campaigns</NavLink>
          <NavLink to="/api-keys">API keys</NavLink>
        </nav>
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

const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    { path: '/register', element: <RegisterPage /> },
    {
      element: <SignedInLayout />,
      children: [
        { index: true, element: <OverviewPage /> },
        { path: 'api-keys', element: <ApiKeysPage /> },
        { path: 'campaigns', element: <CampaignsPage /> },
        { path: 'campaigns/:id', element: <CampaignPage /> },
      ],
    },
    { path: '*', element: <Navigate to="/" replace /> },
  ],
  { basename: '/app' },
);

export function App() {
  return <RouterProvider router={router} />;
}
