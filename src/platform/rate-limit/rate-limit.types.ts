/**
 * A named limit: at most `limit` hits per `windowSeconds` for one key (an account, an IP, a
 * user and thread …). Once over, the key is refused for `blockSeconds` (default: the window).
 *
 *   export const POST_INTERVAL: RateLimit = { name: 'post.interval', limit: 1, windowSeconds: 10 };
 *   await rateLimiter.consume(POST_INTERVAL, viewer.id);              // throws RATE_LIMITED
 */
export interface RateLimit {
  /** Stable, unique name; part of the storage key. */
  name: string;
  limit: number;
  windowSeconds: number;
  blockSeconds?: number;
  /**
   * Time-based throttles (default) are switched off by RATE_LIMITS_ENABLED=false; set false for
   * product rules that must always hold (e.g. slow mode chosen by a host).
   */
  timeBased?: boolean;
  /** Client message when refused. */
  message?: string;
}

export interface RateLimitOutcome {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  hits: number;
  /** When refused: seconds until the key may try again. */
  retryAfterSeconds: number;
}
