import type { components, paths } from './generated/public-api';

/** The HTTP methods the public API uses. */
export type ApiMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Document paths (`/v1/messages/{id}`) that have an operation for `M`. */
export type DocumentPath<M extends ApiMethod> = {
  [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never;
}[keyof paths];

/** `/v1/messages/{id}/cancel` → `/v1/messages/${string}/cancel`: what a caller writes with the id filled in. */
type FilledIn<P extends string> = P extends `${infer Head}{${string}}${infer Tail}` ? `${Head}${string}${FilledIn<Tail>}` : P;

/** A URL of a document path as a caller writes it: parameters filled in, maybe a query string. */
export type ApiUrl<M extends ApiMethod> = {
  [P in DocumentPath<M>]: FilledIn<P> | `${FilledIn<P>}?${string}`;
}[DocumentPath<M>];

type WithoutQuery<U extends string> = U extends `${infer Path}?${string}` ? Path : U;

/**
 * The document path a URL calls. A literal path wins over a parameterised one it also fits
 * (`/v1/verifications/check` is not `/v1/verifications/{id}`).
 */
export type PathOf<M extends ApiMethod, U extends string> =
  WithoutQuery<U> extends DocumentPath<M>
    ? WithoutQuery<U>
    : { [P in DocumentPath<M>]: WithoutQuery<U> extends FilledIn<P> ? P : never }[DocumentPath<M>];

type Operation<M extends ApiMethod, U extends string> = paths[PathOf<M, U>][M];

type JsonContent<R> = R extends { content: { 'application/json': infer Body } } ? Body : R extends { content: { 'text/plain': infer Body } } ? Body : unknown;

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206 | '2XX';

/** What a successful call answers (the union over its 2xx responses). */
export type SuccessBody<M extends ApiMethod, U extends string> =
  Operation<M, U> extends { responses: infer Responses }
    ? { [S in keyof Responses]: S extends SuccessStatus ? (S extends 204 ? undefined : JsonContent<Responses[S]>) : never }[keyof Responses]
    : unknown;

/** The JSON body the operation takes. */
export type RequestBody<M extends ApiMethod, U extends string> =
  Operation<M, U> extends { requestBody?: infer Request } ? JsonRequest<NonNullable<Request>> : never;

type JsonRequest<R> = [R] extends [never] ? never : R extends { content: { 'application/json': infer Body } } ? Body : never;

/** Schemas of the document by name, e.g. `Schema<'MessageResponse'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
