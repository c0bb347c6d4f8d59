import { RouterProvider, createBrowserRouter } from 'react-router';
import { DASHBOARD_ROUTES } from './routes';

const router = createBrowserRouter(DASHBOARD_ROUTES, { basename: '/app' });

export function App() {
  return <RouterProvider router={router} />;
}
