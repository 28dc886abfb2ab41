import { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimitedError } from '../errors/domain-errors';
import { preExecutionError } from '../http/pre-execution-error';
import { RateLimiter } from './rate-limiter.service';
import { RateLimit } from './rate-limit.types';

/** What the plugin reads of the request: the viewer (null when anonymous) and the client IP (TRUST_PROXY decides it). */
interface AnonymousCarrier {
  req?: { viewer?: unknown; ip?: string; headers: Record<string, string | string[] | undefined> };
}

/**
 * Requests without an access token, per client IP and minute (ANONYMOUS_REQUESTS_PER_MINUTE;
 * counted in Redis when REDIS_URL is set, so instances share the count). Beyond it an
 * operation answers RATE_LIMITED with `retryAfterSeconds` and a `Retry-After` header (HTTP 429
 * under `application/graphql-response+json`). Signed-in traffic has its own limits (posting,
 * login); 0 or RATE_LIMITS_ENABLED=false turns this one off, and then it costs nothing.
 */
@Plugin()
export class AnonymousRequestsPlugin implements ApolloServerPlugin<AnonymousCarrier> {
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

  async requestDidStart({ contextValue }: GraphQLRequestContext<AnonymousCarrier>): Promise<GraphQLRequestListener<AnonymousCarrier> | void> {
    const req = contextValue.req;
    const limit = this.limit;
    if (!limit || !req || req.viewer) return;
    const limiter = this.limiter;
    return {
      async didResolveOperation(ctx: GraphQLRequestContextDidResolveOperation<AnonymousCarrier>) {
        const outcome = await limiter.hit(limit, `ip:${req.ip ?? 'unknown'}`);
        if (outcome.allowed) return;
        ctx.response.http.headers.set('retry-after', String(outcome.retryAfterSeconds));
        throw preExecutionError(req, new RateLimitedError(outcome.retryAfterSeconds, limit.message));
      },
    };
  }
}
