import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import { ServiceUnavailableError } from '../errors/domain-errors';
import { sendPreExecutionError } from '../http/pre-execution-error';

/** What a drain found: how long it took, and the requests still running at its deadline. */
export interface DrainResult {
  ms: number;
  unfinished: number;
}

/** Paths answered even while draining: liveness stays up, readiness says "not ready". */
const PROBES = /^\/health\//;

/**
 * The first step of a graceful shutdown, before any module is destroyed (Nest closes the HTTP
 * server only after its destroy hooks, where background work stops): from `begin()` readiness
 * answers 503 and new requests are refused (a retryable error, `Connection: close`); `drain()`
 * stops listening, closes idle keep-alive connections and waits for the requests in flight.
 * Features that accept work of their own ask `draining` (socket.io refuses new handshakes).
 * main.ts then closes the application: background work (mail, digests, schedulers, outbox),
 * sockets, the database pool, in that order.
 */
@Injectable()
export class ShutdownCoordinator {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<Response>();
  private readonly idleWaiters: (() => void)[] = [];
  private beganAt: number | null = null;
  /** The server being drained: a keep-alive connection whose answer ends after that is closed at once. */
  private drained: Server | null = null;

  get draining(): boolean {
    return this.beganAt !== null;
  }

  /** Requests being answered now. */
  get requestsInFlight(): number {
    return this.inFlight.size;
  }

  /** Express middleware, first of the app: counts requests in flight and refuses new ones once draining. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (this.draining && !PROBES.test(req.path)) return this.refuse(req, res);
      this.inFlight.add(res);
      const done = () => {
        res.removeListener('finish', done);
        res.removeListener('close', done);
        this.inFlight.delete(res);
        // its connection is idle once the answer is out: not kept HTTP_KEEP_ALIVE_SECONDS past the drain
        const server = this.drained;
        if (server) setImmediate(() => server.closeIdleConnections());
        if (!this.inFlight.size) this.idleWaiters.splice(0).forEach((wake) => wake());
      };
      res.on('finish', done);
      res.on('close', done);
      next();
    };
  }

  /** Readiness turns 503 and new requests are refused, from now on. */
  begin(): void {
    if (this.beganAt !== null) return;
    this.beganAt = Date.now();
    // answers not yet started close their connection, so keep-alive clients go elsewhere
    for (const res of this.inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
  }

  /**
   * Stops taking connections and waits, at most `deadlineMs`, for the requests in flight.
   * Requests still running then keep running until the process exits.
   */
  async drain(server: Server, deadlineMs: number): Promise<DrainResult> {
    this.begin();
    const started = Date.now();
    this.logger.log({ inFlight: this.inFlight.size }, 'shutdown: stopped taking connections, draining requests in flight');
    this.drained = server;
    server.close();
    server.closeIdleConnections();
    if (this.inFlight.size) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs))),
      ]);
      clearTimeout(timer);
    }
    server.closeIdleConnections();
    const result = { ms: Date.now() - started, unfinished: this.inFlight.size };
    if (result.unfinished) this.logger.warn(result, 'shutdown: requests still running at the drain deadline');
    else this.logger.log(result, 'shutdown: requests drained');
    return result;
  }

  /** A request that arrived on an open connection after shutdown began: retryable, nothing done. */
  private refuse(req: Request, res: Response): void {
    res.shouldKeepAlive = false;
    sendPreExecutionError(req, res, new ServiceUnavailableError('The service is shutting down; retry the request.'), { 'retry-after': '1' });
  }
}
