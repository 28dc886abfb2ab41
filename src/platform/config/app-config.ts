import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Typed configuration, read once from the environment and validated at start. */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  /** HTTP_KEEP_ALIVE_SECONDS: how long an idle keep-alive connection stays open (longer than a load balancer's idle timeout). */
  httpKeepAliveSeconds: number;
  /** PostgreSQL server; null means "start the embedded PGlite under dataDir". */
  databaseUrl: string | null;
  dataDir: string;
  dbPoolSize: number;
  redisUrl: string | null;
  adminEmail: string | null;
  adminPassword: string | null;
  seedDemo: boolean;
  /** Password of the demo accounts; null: a random one per database, generated at seed time. */
  demoPassword: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  jwtSecret: string;
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  rateLimitsEnabled: boolean;
  /** Prefix of rate-limit keys in the shared store (instances that share limits use the same one). */
  rateLimitKeyPrefix: string;
  /** Login attempts allowed per account (email) and per client IP within loginThrottleWindowSeconds. */
  loginMaxAttemptsPerAccount: number;
  loginMaxAttemptsPerIp: number;
  loginThrottleWindowSeconds: number;
  /** Accounts: unverified ones read PUBLIC only and cannot post (REQUIRE_EMAIL_VERIFICATION). */
  requireEmailVerification: boolean;
  /** Lifetime of an email-verification link (EMAIL_VERIFICATION_TTL_HOURS). */
  emailVerificationTtlHours: number;
  /** Lifetime of a password-reset link (PASSWORD_RESET_TTL_MINUTES). */
  passwordResetTtlMinutes: number;
  /** Accounts registered per client IP per hour and per day (REGISTRATIONS_PER_IP_PER_HOUR, _PER_DAY). */
  registrationsPerIpPerHour: number;
  registrationsPerIpPerDay: number;
  /** Verification and reset mails per account per hour (ACCOUNT_MAILS_PER_HOUR). */
  accountMailsPerHour: number;
  /** Seconds a just-used refresh token still gets the same new pair (REFRESH_REUSE_GRACE_SECONDS); 0: none. */
  refreshReuseGraceSeconds: number;
  /** Seconds between one user's posts, threads and replies alike (POST_INTERVAL_SECONDS); 0: off. */
  postIntervalSeconds: number;
  /** The same for users without an APPROVED organization membership (NEW_USER_POST_INTERVAL_SECONDS); 0: off. */
  newUserPostIntervalSeconds: number;
  /** New threads per user per rolling 24 hours (THREADS_PER_DAY); 0: no cap. */
  threadsPerDay: number;
  /** Seconds during which a user may not post the same text again (DUPLICATE_POST_WINDOW_SECONDS); 0: off. */
  duplicatePostWindowSeconds: number;
  logLevel: string;
  /** `auto`: human-readable on a terminal, JSON lines otherwise; or forced `json` / `pretty`. */
  logFormat: 'auto' | 'json' | 'pretty';
  roomEventRetentionDays: number;
  /** Seconds between re-checks of every socket's viewer and rooms (suspension, access changes). */
  realtimeRecheckSeconds: number;
  /** Distinct users whose flags hide a thread or post at once, pending review (FLAG_AUTO_HIDE_THRESHOLD). */
  flagAutoHideThreshold: number;
  /** Replies, votes and flags waiting for one thread's turn in an instance (THREAD_WRITES_WAITING_MAX); beyond, RATE_LIMITED. */
  threadWritesWaitingMax: number;
  /** Of those, one user's (THREAD_WRITES_WAITING_PER_USER). */
  threadWritesWaitingPerUser: number;
  /** Longest wait for a thread's turn (THREAD_WRITE_WAIT_MS); then RATE_LIMITED, nothing written. */
  threadWriteWaitMs: number;
  /** Prefix of the socket.io Redis adapter channels (instances sharing rooms use the same one). */
  realtimeRedisKey: string;
  /** Seconds between runs of the daily-digest job (each user gets at most one digest a day). */
  mailDigestCheckSeconds: number;
  /** Seconds between retries of instant mails that could not be sent. */
  mailRetrySeconds: number;
  /** Minutes before a live session's scheduled start when its RSVPs get the SESSION_STARTING reminder. */
  liveReminderLeadMinutes: number;
  /** Seconds between polls of the durable scheduler (live-session reminders). */
  schedulerPollSeconds: number;
  /** Base URL of the web client, for links in emails; null leaves links out. */
  webAppUrl: string | null;
  /** Where to write the generated GraphQL schema (SDL); null keeps it in memory. */
  schemaFile: string | null;
  /** Seconds to wait for a graceful shutdown before forcing exit. */
  shutdownTimeoutSeconds: number;
  /** Server-side bound on every statement (`statement_timeout`, sent when a connection opens). */
  dbStatementTimeoutMs: number;
  /** Client-side bound on every query's answer (pg `query_timeout`): holds when the network is silent. */
  dbQueryTimeoutMs: number;
  /** Longest wait for a pooled connection, opening one included (pg `connectionTimeoutMillis`). */
  dbAcquireTimeoutMs: number;
  /** TCP keepalive on database connections: idle time before the first probe. */
  dbKeepaliveMs: number;
  /** `/health/ready` fails when the database does not answer within this bound. */
  readyDbTimeoutMs: number;
  /** Socket.io messages kept in memory while Redis is away (beyond it, the oldest are dropped). */
  realtimeRedisBuffer: number;
  /** A room's broadcast to more sockets than this goes out this many sockets per chunk, the rest in later event-loop turns (`ChunkedBroadcast`). */
  realtimeBroadcastChunk: number;
  /** Chunks of room broadcasts go out in one event-loop turn until this many milliseconds are spent (0: one chunk per turn). */
  realtimeBroadcastTurnMs: number;
  /** Most expensive query accepted (connections multiply their children by `first`). */
  graphqlMaxComplexity: number;
  graphqlMaxDepth: number;
  /** Aliases per document (GRAPHQL_MAX_ALIASES), root fields per operation (GRAPHQL_MAX_ROOT_FIELDS), tokens per document (GRAPHQL_MAX_TOKENS). */
  graphqlMaxAliases: number;
  graphqlMaxRootFields: number;
  graphqlMaxTokens: number;
  /** Schema introspection, and field suggestions in error messages (GRAPHQL_INTROSPECTION). */
  graphqlIntrospection: boolean;
  /** Requests per minute from one client IP without an access token (ANONYMOUS_REQUESTS_PER_MINUTE); 0: no limit. */
  anonymousRequestsPerMinute: number;
  /** Database statements one request may run at the same time (DB_MAX_CONCURRENT_PER_REQUEST). */
  dbMaxConcurrentPerRequest: number;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** Serve the offline GraphQL IDE at `GET /graphql` (browsers). */
  graphqlIde: boolean;
  /**
   * Browser origins allowed to call `/graphql` and socket.io (CORS). `local`: any
   * http(s)://localhost or 127.0.0.1 origin, the development default.
   */
  corsOrigins: string[] | 'local';
  /** Express `trust proxy`: false, true, a hop count, or addresses/subnets of trusted proxies. */
  trustProxy: boolean | number | string[];
  /** Prometheus metrics and `GET /metrics` (METRICS_ENABLED). */
  metricsEnabled: boolean;
  /** Bearer token `GET /metrics` requires (METRICS_TOKEN); null: /metrics is open. */
  metricsToken: string | null;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const blank = (v: string | undefined): v is undefined => v === undefined || v.trim() === '';

function str(env: Env, name: string): string | null {
  const v = env[name];
  return blank(v) ? null : v.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = str(env, name);
  if (v === null) return fallback;
  if (!/^-?\d+$/.test(v)) throw new ConfigError(name, `must be an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = str(env, name);
  if (v === null) return fallback;
  const lower = v.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, `must be true or false, got "${v}"`);
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const v = str(env, name);
  if (v === null) return fallback;
  if (!(values as readonly string[]).includes(v.toLowerCase())) throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${v}"`);
  return v.toLowerCase() as T;
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const v = str(env, name);
  if (v === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new ConfigError(name, 'must be a URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use one of ${protocols.join(', ')}, got ${parsed.protocol}`);
  }
  return v;
}

/** The secret is required in production; elsewhere generated once and kept under DATA_DIR. */
function jwtSecret(env: Env, nodeEnv: AppConfig['nodeEnv'], dataDir: string): string {
  const given = str(env, 'JWT_SECRET');
  if (given !== null) {
    if (given.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
    return given;
  }
  if (nodeEnv === 'production') throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** CORS_ORIGINS: a comma-separated list of origins (scheme://host[:port]); default none in production, local origins otherwise. */
function corsOrigins(env: Env, nodeEnv: AppConfig['nodeEnv']): AppConfig['corsOrigins'] {
  const v = str(env, 'CORS_ORIGINS');
  if (v === null) return nodeEnv === 'production' ? [] : 'local';
  if (v.toLowerCase() === 'local') return 'local';
  if (v.toLowerCase() === 'none') return [];
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(entry);
    } catch {
      parsed = null;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== entry.replace(/\/$/, '')) {
      throw new ConfigError('CORS_ORIGINS', `must list origins such as https://app.example.org (scheme, host, optional port; no path); "${entry}" is not one`);
    }
  }
  return entries.map((e) => e.replace(/\/$/, ''));
}

/** Which reverse proxies may set X-Forwarded-For (the client IP counts in rate limits). */
function trustProxy(env: Env): AppConfig['trustProxy'] {
  const v = str(env, 'TRUST_PROXY');
  if (v === null || ['false', '0', 'no', 'off'].includes(v.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(v.toLowerCase())) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  const valid = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/;
  const bad = entries.find((e) => !valid.test(e));
  if (bad) throw new ConfigError('TRUST_PROXY', `must be true, false, a hop count, or a list of addresses/subnets; "${bad}" is none of these`);
  return entries;
}

/** METRICS_TOKEN: unset leaves /metrics open; set, at least 16 characters. */
function metricsToken(env: Env): string | null {
  const v = str(env, 'METRICS_TOKEN');
  if (v !== null && v.length < 16) throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters');
  return v;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = str(env, 'NODE_ENV') ?? 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const dataDir = resolve(str(env, 'DATA_DIR') ?? './data');
  const adminEmail = str(env, 'ADMIN_EMAIL');
  const adminPassword = str(env, 'ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError(adminEmail === null ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD', 'must be set together with the other');
  }
  if (adminEmail !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'must be an email address');
  }
  if (adminPassword !== null && (adminPassword.length < 10 || adminPassword.length > 256)) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be 10 to 256 characters');
  }
  const demoPassword = env.DEMO_PASSWORD === undefined || env.DEMO_PASSWORD === '' ? null : env.DEMO_PASSWORD;
  if (demoPassword !== null && (demoPassword.length < 10 || demoPassword.length > 256)) {
    throw new ConfigError('DEMO_PASSWORD', 'must be 10 to 256 characters');
  }
  const logLevel = str(env, 'LOG_LEVEL') ?? (nodeEnv === 'test' ? 'warn' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be a pino level, got "${logLevel}"`);
  }
  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    httpKeepAliveSeconds: int(env, 'HTTP_KEEP_ALIVE_SECONDS', 65, 1, 3600),
    databaseUrl,
    dataDir,
    dbPoolSize: int(env, 'DB_POOL_SIZE', 10, 1, 200),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    adminEmail: adminEmail?.toLowerCase() ?? null,
    adminPassword,
    seedDemo: bool(env, 'SEED_DEMO', databaseUrl === null && nodeEnv !== 'production'),
    demoPassword,
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: str(env, 'MAIL_FROM') ?? 'ASGM Exchange <no-reply@asgm-exchange.local>',
    jwtSecret: jwtSecret(env, nodeEnv, dataDir),
    jwtIssuer: 'asgm-exchange',
    jwtAudience: 'asgm-exchange-api',
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 10, 86400),
    refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    rateLimitsEnabled: bool(env, 'RATE_LIMITS_ENABLED', true),
    rateLimitKeyPrefix: str(env, 'RATE_LIMIT_KEY_PREFIX') ?? 'asgm:rl',
    loginMaxAttemptsPerAccount: int(env, 'LOGIN_MAX_ATTEMPTS_PER_ACCOUNT', 10, 1, 10000),
    loginMaxAttemptsPerIp: int(env, 'LOGIN_MAX_ATTEMPTS_PER_IP', 100, 1, 100000),
    loginThrottleWindowSeconds: int(env, 'LOGIN_THROTTLE_WINDOW_SECONDS', 900, 1, 86400),
    requireEmailVerification: bool(env, 'REQUIRE_EMAIL_VERIFICATION', true),
    emailVerificationTtlHours: int(env, 'EMAIL_VERIFICATION_TTL_HOURS', 48, 1, 720),
    passwordResetTtlMinutes: int(env, 'PASSWORD_RESET_TTL_MINUTES', 60, 5, 1440),
    registrationsPerIpPerHour: int(env, 'REGISTRATIONS_PER_IP_PER_HOUR', 5, 1, 1_000_000),
    registrationsPerIpPerDay: int(env, 'REGISTRATIONS_PER_IP_PER_DAY', 20, 1, 1_000_000),
    accountMailsPerHour: int(env, 'ACCOUNT_MAILS_PER_HOUR', 5, 1, 1000),
    refreshReuseGraceSeconds: int(env, 'REFRESH_REUSE_GRACE_SECONDS', 30, 0, 300),
    postIntervalSeconds: int(env, 'POST_INTERVAL_SECONDS', 5, 0, 86400),
    newUserPostIntervalSeconds: int(env, 'NEW_USER_POST_INTERVAL_SECONDS', 30, 0, 86400),
    threadsPerDay: int(env, 'THREADS_PER_DAY', 20, 0, 100_000),
    duplicatePostWindowSeconds: int(env, 'DUPLICATE_POST_WINDOW_SECONDS', 300, 0, 604_800),
    logLevel,
    logFormat: oneOf(env, 'LOG_FORMAT', ['auto', 'json', 'pretty'] as const, 'auto'),
    roomEventRetentionDays: int(env, 'ROOM_EVENT_RETENTION_DAYS', 7, 1, 365),
    realtimeRecheckSeconds: int(env, 'REALTIME_RECHECK_SECONDS', 5, 1, 3600),
    flagAutoHideThreshold: int(env, 'FLAG_AUTO_HIDE_THRESHOLD', 3, 1, 100),
    threadWritesWaitingMax: int(env, 'THREAD_WRITES_WAITING_MAX', 200, 1, 100_000),
    threadWritesWaitingPerUser: int(env, 'THREAD_WRITES_WAITING_PER_USER', 20, 1, 1_000),
    threadWriteWaitMs: int(env, 'THREAD_WRITE_WAIT_MS', 15_000, 100, 600_000),
    realtimeRedisKey: str(env, 'REALTIME_REDIS_KEY') ?? 'asgm-socket.io',
    mailDigestCheckSeconds: int(env, 'MAIL_DIGEST_CHECK_SECONDS', 300, 1, 86400),
    mailRetrySeconds: int(env, 'MAIL_RETRY_SECONDS', 60, 1, 86400),
    liveReminderLeadMinutes: int(env, 'LIVE_REMINDER_LEAD_MINUTES', 15, 0, 10080),
    schedulerPollSeconds: int(env, 'SCHEDULER_POLL_SECONDS', 5, 1, 3600),
    webAppUrl: url(env, 'WEB_APP_URL', ['http:', 'https:']),
    schemaFile: str(env, 'SCHEMA_FILE'),
    shutdownTimeoutSeconds: int(env, 'SHUTDOWN_TIMEOUT_SECONDS', 10, 1, 600),
    dbStatementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 0, 3_600_000),
    dbQueryTimeoutMs: int(env, 'DB_QUERY_TIMEOUT_MS', 6000, 0, 3_600_000),
    dbAcquireTimeoutMs: int(env, 'DB_ACQUIRE_TIMEOUT_MS', 5000, 100, 600_000),
    dbKeepaliveMs: int(env, 'DB_KEEPALIVE_MS', 10_000, 1000, 3_600_000),
    readyDbTimeoutMs: int(env, 'READY_DB_TIMEOUT_MS', 2000, 100, 60_000),
    realtimeRedisBuffer: int(env, 'REALTIME_REDIS_BUFFER', 1000, 0, 1_000_000),
    realtimeBroadcastChunk: int(env, 'REALTIME_BROADCAST_CHUNK', 250, 1, 1_000_000),
    realtimeBroadcastTurnMs: int(env, 'REALTIME_BROADCAST_TURN_MS', 2, 0, 1000),
    trustProxy: trustProxy(env),
    graphqlIde: bool(env, 'GRAPHQL_IDE', nodeEnv !== 'production'),
    corsOrigins: corsOrigins(env, nodeEnv),
    graphqlMaxComplexity: int(env, 'GRAPHQL_MAX_COMPLEXITY', 10000, 10, 10_000_000),
    graphqlMaxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 3, 100),
    graphqlMaxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 15, 0, 1000),
    graphqlMaxRootFields: int(env, 'GRAPHQL_MAX_ROOT_FIELDS', 10, 1, 1000),
    graphqlMaxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 1000, 100, 1_000_000),
    graphqlIntrospection: introspection(env, nodeEnv),
    anonymousRequestsPerMinute: int(env, 'ANONYMOUS_REQUESTS_PER_MINUTE', 300, 0, 1_000_000),
    dbMaxConcurrentPerRequest: int(env, 'DB_MAX_CONCURRENT_PER_REQUEST', 3, 1, 200),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1_048_576, 65_536, 104_857_600),
    metricsEnabled: bool(env, 'METRICS_ENABLED', true),
    metricsToken: metricsToken(env),
  };
}

/**
 * GRAPHQL_INTROSPECTION: on by default outside production, and whenever the IDE is served
 * (GraphiQL reads the schema through introspection); turning it off with the IDE on is refused.
 */
function introspection(env: Record<string, string | undefined>, nodeEnv: AppConfig['nodeEnv']): boolean {
  const ide = bool(env, 'GRAPHQL_IDE', nodeEnv !== 'production');
  const on = bool(env, 'GRAPHQL_INTROSPECTION', ide || nodeEnv !== 'production');
  if (ide && !on) throw new ConfigError('GRAPHQL_INTROSPECTION', 'must be true while GRAPHQL_IDE is on (the IDE reads the schema through introspection)');
  return on;
}
