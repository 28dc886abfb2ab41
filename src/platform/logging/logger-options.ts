import pino, { Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { Logger as NestPinoLogger, Params, PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { toDomainError } from '../errors/to-domain-error';

/**
 * Logging: JSON lines (pino) when stdout is not a terminal — what log shippers and alerting
 * read — and human-readable, coloured lines (pino-pretty) when a person watches a terminal.
 * `LOG_FORMAT=json|pretty` overrides the choice. Authorization and cookies are redacted.
 * Every HTTP request carries a request id, and what is logged while it runs carries it too
 * (see request-logging.ts).
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>): Logger {
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && !!process.stdout.isTTY);
  return pino({
    level: config.logLevel,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: { err: serializeError },
  });
}

/**
 * An error in a log line: an expected one (the database unreachable or too slow: retryable) by
 * its type, message and code only, no stack; anything else in full, stack included.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  if (toDomainError(err)?.extensions.retryable) return { type: err.name, message: err.message, code: (err as { code?: unknown }).code };
  return pino.stdSerializers.err(err);
}

/** The root pino logger of the app (AppModule provides it; the request-logging middleware writes through it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * nestjs-pino as Nest's logger, writing through `root`. Its own per-route middleware (pino-http
 * and the request context) is not registered: requestLogging does both, once, ahead of every
 * route (app.factory.ts).
 */
export function loggerParams(root: Logger): Params {
  return { pinoHttp: { logger: root }, useExisting: true, forRoutes: [] };
}

/**
 * Nest's logger writing through `root`, without the application: what main.ts logs before the
 * application exists (and Nest's own start-up lines) are JSON lines too when stdout is not a
 * terminal. `Logger.overrideLogger` with it; the application's logger replaces it once built.
 */
export function standaloneNestLogger(root: Logger): LoggerService {
  return new NestPinoLogger(new PinoLogger(loggerParams(root)), {});
}
