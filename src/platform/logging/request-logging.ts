import type { NextFunction, Request, Response } from 'express';
import { Store, storage } from 'nestjs-pino/storage';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/** A request that took at least this long is logged at `warn` even when it succeeded. */
export const SLOW_REQUEST_MS = 1000;

const GIVEN_ID = /^[\w.-]{1,128}$/;

/** The request id: `x-request-id` when the client sent a well-formed one, else a new UUID. */
export function requestId(req: Pick<Request, 'headers'>): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && GIVEN_ID.test(given) ? given : randomUUID();
}

/**
 * nestjs-pino's request context (what Nest's Logger writes through while the request runs),
 * whose logger, a child of the root bound to the request id, is made when something first logs:
 * most requests log nothing.
 */
class RequestLogContext implements Store {
  private bound: Logger | undefined;
  responseLogger?: Logger;

  constructor(
    private readonly root: Logger,
    private readonly reqId: string,
  ) {}

  get logger(): Logger {
    return (this.bound ??= this.root.child({ reqId: this.reqId }));
  }

  /** PinoLogger.assign replaces it with a child holding more fields. */
  set logger(logger: Logger) {
    this.bound = logger;
  }
}

/**
 * The level of a request's completion line: `error` for a 5xx but 503 (a fault), `warn` when it
 * took SLOW_REQUEST_MS or more, else `debug` — at the production level (`info`) an ordinary
 * request writes no line; GraphQL errors are logged by the error formatter with their code either
 * way. Health probes and 503s (the database unreachable, shutting down) are not logged here.
 */
export function completionLevel(url: string, status: number, ms: number, aborted: boolean): 'error' | 'warn' | 'debug' | null {
  // probes, and 503s (an expected unavailability: its cause is logged, counted, where it is answered)
  if (url.startsWith('/health') || status === 503) return null;
  if (status >= 500) return 'error';
  if (ms >= SLOW_REQUEST_MS || aborted) return 'warn';
  return 'debug';
}

/**
 * First middleware of the app: gives every request its id (`req.id`, answered in
 * `x-request-id`), runs the rest of the request in nestjs-pino's request context so that what
 * Nest's Logger writes meanwhile carries `reqId`, and logs the request's completion (method,
 * URL, status, time) at the level completionLevel chooses.
 */
export function requestLogging(root: Logger) {
  return (req: Request & { id?: string }, res: Response, next: NextFunction): void => {
    const id = requestId(req);
    req.id = id;
    res.setHeader('x-request-id', id);
    const context = new RequestLogContext(root, id);
    const started = performance.now();
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const ms = Math.round(performance.now() - started);
      const level = completionLevel(req.originalUrl, res.statusCode, ms, !res.writableFinished);
      if (level === null || !root.isLevelEnabled(level)) return;
      context.logger[level](
        { req: { method: req.method, url: req.originalUrl, remoteAddress: req.socket?.remoteAddress }, res: { statusCode: res.statusCode }, responseTime: ms },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    storage.run(context, next);
  };
}
