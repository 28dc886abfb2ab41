import { QueryFailedError } from 'typeorm';

/** The constraint (or unique index) name when `err` is a PostgreSQL unique violation, else null. */
export function uniqueViolation(err: unknown): string | null {
  if (!(err instanceof QueryFailedError)) return null;
  const driver = err.driverError as { code?: string; constraint?: string };
  return driver?.code === '23505' ? (driver.constraint ?? '') : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a client-given ID is a UUID (ids that are not cannot exist: answer NOT_FOUND or BAD_USER_INPUT without a query). */
export const isUuid = (id: unknown): id is string => typeof id === 'string' && UUID.test(id);
