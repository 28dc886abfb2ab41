import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { AppConfig } from '../config/app-config';

/** http(s)://localhost, 127.0.0.1 or [::1], any port: the development default. */
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** Whether a browser on `origin` may call the API (CORS_ORIGINS). */
export function corsAllows(config: Pick<AppConfig, 'corsOrigins'>, origin: string): boolean {
  return config.corsOrigins === 'local' ? LOCAL_ORIGIN.test(origin) : config.corsOrigins.includes(origin);
}

/**
 * CORS for `/graphql` and socket.io, from CORS_ORIGINS. Allowed origins get the
 * `Access-Control-*` headers (preflights are answered before the GraphQL server, whose CSRF
 * prevention stays on); other origins get none, so browsers refuse the answer. No cookies are
 * used (tokens travel in the Authorization header), so credentials stay off.
 */
export function corsOptions(config: Pick<AppConfig, 'corsOrigins'>): CorsOptions {
  return {
    origin: (origin: string | undefined, callback: (err: Error | null, allow?: boolean) => void) => callback(null, !!origin && corsAllows(config, origin)),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    credentials: false,
    maxAge: 600,
  };
}
