import { SetMetadata } from '@nestjs/common';

/**
 * Health and metrics routes: outside the `/v1` prefix, never behind auth, not logged at info.
 * The bootstrap passes the paths to `app.setGlobalPrefix('v1', { exclude: [...OPERATIONAL_PATHS] })`;
 * a global auth guard lets through handlers marked with OPERATIONAL_ROUTE
 * (`reflector.getAllAndOverride(OPERATIONAL_ROUTE, [context.getHandler(), context.getClass()])`).
 */
export const OPERATIONAL_PATHS = ['health', 'health/ready', 'metrics'] as const;

export const OPERATIONAL_ROUTE = 'zagel:operational-route';

export const OperationalRoute = (): ClassDecorator & MethodDecorator => SetMetadata(OPERATIONAL_ROUTE, true);

export function isOperationalUrl(url: string | undefined): boolean {
  if (!url) return false;
  const path = url.split('?', 1)[0].replace(/\/+$/, '');
  return OPERATIONAL_PATHS.some((operational) => path === `/${operational}`);
}
