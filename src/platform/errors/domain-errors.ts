/**
 * Typed domain exceptions. Services throw these; `formatGraphQLError` maps them, in one
 * place, to the contract's `extensions.code` values. Messages are written for clients.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'SUSPENDED'
  | 'LOCKED'
  | 'QUERY_TOO_COMPLEX'
  | 'INTERNAL_SERVER_ERROR';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, client-safe fields merged into `extensions`. */
  readonly extensions: Record<string, unknown> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'You must be signed in to do this.') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = 'You are not allowed to do this.') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what = 'The requested item', message?: string) {
    super(message ?? `${what} was not found.`);
  }
}

export class BadInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(message: string, field?: string) {
    super(message);
    if (field) this.extensions.field = field;
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}

export class IdempotencyConflictError extends DomainError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(message = 'This idempotency key was already used with a different request.') {
    super(message);
  }
}

export class SuspendedError extends DomainError {
  readonly code = 'SUSPENDED';
  constructor(until?: Date | null) {
    super(until ? `Your account is suspended until ${until.toISOString()}.` : 'Your account is suspended.');
    if (until) this.extensions.suspendedUntil = until.toISOString();
  }
}

/**
 * An account whose email is not verified tried to contribute (REQUIRE_EMAIL_VERIFICATION):
 * FORBIDDEN with `extensions.reason` EMAIL_NOT_VERIFIED, so clients can offer to resend the link.
 */
export class EmailNotVerifiedError extends ForbiddenError {
  constructor() {
    super('Verify your email address first: follow the link we sent you (or ask for a new one with resendVerificationEmail).');
    this.extensions.reason = 'EMAIL_NOT_VERIFIED';
  }
}

export class LockedError extends DomainError {
  readonly code = 'LOCKED';
  constructor(message = 'This thread is locked.') {
    super(message);
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterSeconds: number, message = 'Too many requests; try again later.') {
    super(message);
    this.extensions.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

export class QueryTooComplexError extends DomainError {
  readonly code = 'QUERY_TOO_COMPLEX';
}

/** The database (or another backing service) is unreachable; the request may be retried. */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'INTERNAL_SERVER_ERROR';
  constructor(message = 'The service is temporarily unavailable; try again shortly.') {
    super(message);
    this.extensions.retryable = true;
  }
}

/** An error whose code is decided at run time (used when translating framework exceptions). */
export class CodedError extends DomainError {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}
