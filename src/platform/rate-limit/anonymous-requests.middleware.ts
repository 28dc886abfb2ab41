import { Inject, Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitedError } from '../errors/domain-errors';
import { sendPreExecutionError } from '../http/pre-execution-error';
import { RateLimiter } from './rate-limiter.service';
import { RateLimit } from './rate-limit.types';

/**
 * Requests without an access token, per client IP and minute (ANONYMOUS_REQUESTS_PER_MINUTE;
 * counted in Redis when REDIS_URL is set, so instances share the count). Counted as they arrive,
 * before the body is read or the document parsed, so a document refused while parsing or
 * validating (too many tokens, a syntax error) counts like any other, and a refused request
 * costs no parsing. Beyond the limit a GraphQL request answers RATE_LIMITED with
 * `retryAfterSeconds` and `Retry-After` (HTTP 429 under `application/graphql-response+json`).
 * A request with an `Authorization` header is left to the viewer middleware (a bad token is
 * refused there before anything is parsed); signed-in traffic has its own limits (posting,
 * login). 0 or RATE_LIMITS_ENABLED=false turns this one off, and then it costs nothing.
 * Mounted on /graphql by app.factory, ahead of the body parser.
 */
@Injectable()
export class AnonymousRequestsMiddleware {
  private readonly limit: RateLimit | null;

  constructor(
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const limit: RateLimit = {
      name: 'anonymous.requests',
      limit: config.anonymousRequestsPerMinute,
      windowSeconds: 60,
      message: 'Too many requests from this address without signing in; try again later, or sign in.',
    };
    this.limit = config.anonymousRequestsPerMinute > 0 && limiter.isActive(limit) ? limit : null;
  }

  /** Whether this middleware does anything (nothing to mount otherwise). */
  get active(): boolean {
    return this.limit !== null;
  }

  readonly use = (req: Request, res: Response, next: NextFunction): void => {
    const limit = this.limit;
    // a GraphQL operation: POST, or GET with a query (the IDE's page is not one)
    if (!limit || req.headers.authorization || !(req.method === 'POST' || (req.method === 'GET' && typeof req.query.query === 'string'))) return next();
    this.limiter.hit(limit, `ip:${req.ip ?? 'unknown'}`).then((outcome) => {
      if (outcome.allowed) return next();
      const error = new RateLimitedError(outcome.retryAfterSeconds, limit.message);
      sendPreExecutionError(req, res, error, { 'retry-after': String(error.extensions.retryAfterSeconds) });
    }, next);
  };
}
