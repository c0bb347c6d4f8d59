import type { FastifyRequest } from 'fastify';
import type { ReceiveProviderReportRequest } from '@zagel/contracts';
import { RequestWithRawBody } from '../public-http/configure-public-http';
import { lowerCaseHeaders, publicRequestUrl } from './public-request-url';

/**
 * A provider's webhook call as the provider-sender needs it to check the signature: the path's provider
 * segment, the method, the public URL the provider called, headers, the exact body and the query.
 */
export function providerWebhookRequest(provider: string, request: FastifyRequest, trustForwarded: boolean): ReceiveProviderReportRequest {
  const rawBody = (request as RequestWithRawBody).rawBody;
  return {
    provider: provider.slice(0, 64),
    method: request.method,
    url: publicRequestUrl({ protocol: request.protocol, url: request.url, headers: request.headers }, trustForwarded),
    headers: lowerCaseHeaders(request.headers),
    rawBody: rawBody ? rawBody.toString('utf8') : '',
    query: Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([name, value]) => [name, String(value)])),
  };
}
