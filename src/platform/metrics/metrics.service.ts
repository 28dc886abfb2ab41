import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/** What the pool gauges read: the `pg` Pool behind TypeORM's PostgreSQL driver. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** What the socket gauge reads: a socket.io server (default namespace). */
export interface SocketServerLike {
  of(namespace: string): { sockets: { size: number } };
}

/** Operation names kept as label values; further names are counted as `other` (clients choose them). */
export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);

/** Paths counted under their own `route` label; everything else is `other`. */
const ROUTES = new Set(['/graphql', '/metrics', '/health/live', '/health/ready']);

/** Seconds: from a fast field read to a slow search. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The service's Prometheus metrics (prom-client), one registry per application: GraphQL
 * operation latency, HTTP requests, database pool, sockets, outbox publication lag, and the
 * process defaults (CPU, memory, event loop, GC). Writers call one cheap method per event;
 * gauges of the pool and sockets are read when /metrics is scraped.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private socketServer: SocketServerLike | null = null;

  private readonly graphqlDuration = new Histogram({
    name: 'asgm_graphql_operation_duration_seconds',
    help: 'GraphQL operations from request start to response: by operation name (`anonymous` without one; `other` beyond the first 200 names), type and outcome (`ok`, or `error` when the response carries errors).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly httpRequests = new Counter({
    name: 'asgm_http_requests_total',
    help: 'HTTP requests answered, by method, route (/graphql, /metrics, /health/live, /health/ready, else other) and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly realtimeDropped = new Counter({
    name: 'asgm_realtime_redis_dropped_total',
    help: 'Socket.io messages to other instances dropped because Redis stayed away longer than the local buffer (REALTIME_REDIS_BUFFER) could hold.',
    registers: [this.registry],
  });

  private readonly broadcastDeferred = new Counter({
    name: 'asgm_realtime_broadcast_deferred_chunks_total',
    help: "Chunks of live room broadcasts sent after the broadcast was given (a room larger than REALTIME_BROADCAST_CHUNK sockets goes out a chunk at a time, the rest in later event-loop turns); steady growth means this instance's rooms are that large.",
    registers: [this.registry],
  });

  private readonly outboxLag = new Histogram({
    name: 'asgm_outbox_publish_lag_seconds',
    help: "Outbox lag: from a transaction's COMMIT until its after-commit work (publishing its room events to sockets, instant mail) has finished.",
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly outboxPending = new Gauge({
    name: 'asgm_outbox_publish_pending',
    help: 'Committed transactions whose after-commit work (room events to publish, instant mail) has not finished yet.',
    registers: [this.registry],
  });

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => (dataSource.driver as unknown as { master?: PgPool }).master ?? null;
    const poolGauge = (name: string, help: string, read: (p: PgPool) => number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          const p = pool();
          this.set(p ? (read(p) ?? 0) : 0);
        },
      });
    poolGauge('asgm_db_pool_connections', 'Connections open in the database pool (busy and idle).', (p) => p.totalCount);
    poolGauge('asgm_db_pool_idle_connections', 'Open database connections not in use.', (p) => p.idleCount);
    poolGauge('asgm_db_pool_waiting_requests', 'Queries waiting for a free database connection (the pool is exhausted while this is above 0).', (p) => p.waitingCount);
    poolGauge('asgm_db_pool_max_connections', 'Most connections the pool opens (DB_POOL_SIZE).', (p) => p.options?.max);
    const sockets = () => this.socketServer?.of('/').sockets.size ?? 0;
    new Gauge({
      name: 'asgm_socketio_connected_sockets',
      help: 'socket.io sockets connected to this instance (signed-in and anonymous).',
      registers: [this.registry],
      collect() {
        this.set(sockets());
      },
    });
  }

  /** The socket.io server whose sockets are counted (set once it exists). */
  observeSockets(server: SocketServerLike): void {
    this.socketServer = server;
  }

  /** One GraphQL operation answered after `seconds`. */
  observeOperation(name: string | null | undefined, type: string | null | undefined, ok: boolean, seconds: number): void {
    this.graphqlDuration.observe({ operation: this.operationLabel(name), type: type && OPERATION_TYPES.has(type) ? type : 'unknown', outcome: ok ? 'ok' : 'error' }, seconds);
  }

  /** Socket.io messages dropped while Redis was away. */
  countRealtimeDropped(count: number): void {
    this.realtimeDropped.inc(count);
  }

  /** Chunks of a room broadcast sent in a later event-loop turn (or flushed). */
  countBroadcastDeferred(chunks: number): void {
    this.broadcastDeferred.inc(chunks);
  }

  /** One HTTP request answered. */
  countHttpRequest(method: string, path: string, status: number): void {
    this.httpRequests.inc({ method: method.length <= 7 ? method : 'other', route: ROUTES.has(path) ? path : 'other', status: String(status) });
  }

  /** A committed transaction has after-commit work to run; call the returned function once it finished. */
  afterCommitStarted(): () => void {
    this.outboxPending.inc();
    const end = this.outboxLag.startTimer();
    return () => {
      end();
      this.outboxPending.dec();
    };
  }

  /** The text exposition format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  /** Operation names are chosen by clients: only well-formed names, and at most MAX_OPERATION_NAMES of them, become label values. */
  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (!OPERATION_NAME.test(name) || this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
