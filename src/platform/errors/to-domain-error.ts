import { HttpException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { BadInputError, CodedError, ConflictError, DomainError, ErrorCode, NotFoundError, RateLimitedError, ServiceUnavailableError } from './domain-errors';

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  423: 'LOCKED',
  429: 'RATE_LIMITED',
};

/**
 * Node and PostgreSQL signs that the database is out of reach or too slow (a statement or query
 * timeout: 57014, pg's "Query read timeout"), not that the query is wrong.
 */
const CONNECTION_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57014', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

export function isConnectionFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  if (code && CONNECTION_ERRNOS.has(code)) return true;
  const message = e?.message ?? '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|Query read timeout/i.test(message);
}

/** Turns any thrown value into a DomainError when it has a client-facing meaning. */
export function toDomainError(err: unknown): DomainError | null {
  if (err instanceof DomainError) return err;
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse() as { message?: string | string[] } | string;
    const raw = typeof response === 'string' ? response : response.message ?? err.message;
    const message = Array.isArray(raw) ? raw.join('; ') : raw;
    const code = HTTP_CODES[status];
    if (code === 'RATE_LIMITED') return new RateLimitedError(60, message);
    return code ? new CodedError(code, message) : null;
  }
  if (err instanceof QueryFailedError) {
    const pgCode = (err.driverError as { code?: string })?.code;
    if (pgCode === '22P02') return new BadInputError('A value has the wrong format (for example an ID that is not a UUID).');
    if (pgCode === '23505') return new ConflictError('This already exists.');
    if (pgCode === '23503') return new NotFoundError('A referenced item');
    if (pgCode === '22001') return new BadInputError('A value is too long.');
    if (pgCode === '22003') return new BadInputError('A number is out of range.');
    if (pgCode === '22007' || pgCode === '22008') return new BadInputError('A date or time is not valid.');
    if (pgCode === '22021' || pgCode === '22P05') return new BadInputError('Text contains characters that cannot be stored.');
    // Deadlock or serialization failure: nothing was written; the client may simply retry.
    if (pgCode === '40P01' || pgCode === '40001') return new ServiceUnavailableError('The request conflicted with a concurrent one; retry it.');
  }
  if (isConnectionFailure(err)) return new ServiceUnavailableError();
  return null;
}
