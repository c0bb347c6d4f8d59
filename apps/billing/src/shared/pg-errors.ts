/** Postgres SQLSTATE of a failed query, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const driverError = (error as { driverError?: { code?: unknown } }).driverError;
  const code = driverError?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export const CHECK_VIOLATION = '23514';
export const UNIQUE_VIOLATION = '23505';

/** Rows of a raw UPDATE/DELETE ... RETURNING through TypeORM, which answers [rows, count]. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
