import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'asgm-config-'));

describe('loadConfig', () => {
  it('has working defaults: embedded database, demo seed, generated JWT secret kept under DATA_DIR', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.seedDemo).toBe(true);
    expect(config.rateLimitsEnabled).toBe(true);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(config.jwtSecret);
    expect(loadConfig({ DATA_DIR: dir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('reads HTTP_KEEP_ALIVE_SECONDS: 65 by default (past common load balancers\' 60 s), 1 to 3600', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).httpKeepAliveSeconds).toBe(65);
    expect(loadConfig({ DATA_DIR: dataDir(), HTTP_KEEP_ALIVE_SECONDS: '350' }).httpKeepAliveSeconds).toBe(350);
    expect(() => loadConfig({ DATA_DIR: dataDir(), HTTP_KEEP_ALIVE_SECONDS: '0' })).toThrow(/HTTP_KEEP_ALIVE_SECONDS/);
  });

  it('reads FLAG_AUTO_HIDE_THRESHOLD (distinct flaggers that hide content): 3 by default, 1 to 100', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).flagAutoHideThreshold).toBe(3);
    expect(loadConfig({ DATA_DIR: dataDir(), FLAG_AUTO_HIDE_THRESHOLD: '5' }).flagAutoHideThreshold).toBe(5);
    expect(() => loadConfig({ DATA_DIR: dataDir(), FLAG_AUTO_HIDE_THRESHOLD: '0' })).toThrow(/FLAG_AUTO_HIDE_THRESHOLD/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), FLAG_AUTO_HIDE_THRESHOLD: 'many' })).toThrow(/FLAG_AUTO_HIDE_THRESHOLD/);
  });

  it('reads the posting limits: 5 s between posts (30 s without an approved membership), 20 threads a day, same text refused for 300 s; 0 turns one off', () => {
    const defaults = loadConfig({ DATA_DIR: dataDir() });
    expect([defaults.postIntervalSeconds, defaults.newUserPostIntervalSeconds, defaults.threadsPerDay, defaults.duplicatePostWindowSeconds]).toEqual([5, 30, 20, 300]);
    const off = loadConfig({ DATA_DIR: dataDir(), POST_INTERVAL_SECONDS: '0', NEW_USER_POST_INTERVAL_SECONDS: '0', THREADS_PER_DAY: '0', DUPLICATE_POST_WINDOW_SECONDS: '0' });
    expect([off.postIntervalSeconds, off.newUserPostIntervalSeconds, off.threadsPerDay, off.duplicatePostWindowSeconds]).toEqual([0, 0, 0, 0]);
    for (const variable of ['POST_INTERVAL_SECONDS', 'NEW_USER_POST_INTERVAL_SECONDS', 'THREADS_PER_DAY', 'DUPLICATE_POST_WINDOW_SECONDS']) {
      expect(() => loadConfig({ DATA_DIR: dataDir(), [variable]: '-1' })).toThrow(new RegExp(variable));
      expect(() => loadConfig({ DATA_DIR: dataDir(), [variable]: 'soon' })).toThrow(new RegExp(variable));
    }
  });

  it('does not seed demo content by default against a real server', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u@h/db' }).seedDemo).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ SEED_DEMO: 'maybe' }, 'SEED_DEMO'],
    [{ RATE_LIMITS_ENABLED: 'perhaps' }, 'RATE_LIMITS_ENABLED'],
    [{ ADMIN_EMAIL: 'admin@example.org' }, 'ADMIN_PASSWORD'],
    [{ ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'long-enough-password' }, 'ADMIN_EMAIL'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ TRUST_PROXY: 'proxy.example.org' }, 'TRUST_PROXY'],
    [{ GRAPHQL_IDE: 'sometimes' }, 'GRAPHQL_IDE'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ CORS_ORIGINS: 'app.example.org' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://app.example.org/path' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'ftp://files.example.org' }, 'CORS_ORIGINS'],
  ])('refuses %j naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir(), ...env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('reads TRUST_PROXY as a flag, a hop count or a list of subnets', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
  });

  it('never seeds in production unless asked', () => {
    const base = { DATA_DIR: dataDir(), NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig(base).seedDemo).toBe(false);
    expect(loadConfig({ ...base, SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('serves the GraphQL IDE by default except in production, and GRAPHQL_IDE decides', () => {
    const dir = dataDir();
    const production = { DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ DATA_DIR: dir }).graphqlIde).toBe(true);
    expect(loadConfig(production).graphqlIde).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_IDE: 'true' }).graphqlIde).toBe(true);
    expect(loadConfig({ DATA_DIR: dir, GRAPHQL_IDE: 'false' }).graphqlIde).toBe(false);
  });

  it('turns introspection off in production unless GRAPHQL_INTROSPECTION or the IDE (which needs it) is on', () => {
    const dir = dataDir();
    const production = { DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ DATA_DIR: dir }).graphqlIntrospection).toBe(true);
    expect(loadConfig(production).graphqlIntrospection).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
    expect(loadConfig({ ...production, GRAPHQL_IDE: 'true' }).graphqlIntrospection).toBe(true);
    expect(() => loadConfig({ DATA_DIR: dir, GRAPHQL_INTROSPECTION: 'false' })).toThrow(ConfigError);
    expect(loadConfig({ DATA_DIR: dir, GRAPHQL_IDE: 'false', GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
  });

  it('reads the operation limits with graphql-armor-like defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() });
    expect(config).toMatchObject({ graphqlMaxAliases: 15, graphqlMaxRootFields: 10, graphqlMaxDepth: 10, graphqlMaxTokens: 1000, anonymousRequestsPerMinute: 300, dbMaxConcurrentPerRequest: 3 });
    expect(loadConfig({ DATA_DIR: dataDir(), GRAPHQL_MAX_ALIASES: '40', ANONYMOUS_REQUESTS_PER_MINUTE: '0' })).toMatchObject({ graphqlMaxAliases: 40, anonymousRequestsPerMinute: 0 });
    expect(() => loadConfig({ DATA_DIR: dataDir(), DB_MAX_CONCURRENT_PER_REQUEST: '0' })).toThrow(ConfigError);
  });

  it('reads CORS_ORIGINS: local origins by default in development, none in production, or a list', () => {
    const dir = dataDir();
    const production = { DATA_DIR: dir, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
    expect(loadConfig({ DATA_DIR: dir }).corsOrigins).toBe('local');
    expect(loadConfig(production).corsOrigins).toEqual([]);
    expect(loadConfig({ ...production, CORS_ORIGINS: 'https://app.example.org, http://localhost:5173/' }).corsOrigins).toEqual([
      'https://app.example.org',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ DATA_DIR: dir, CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
  });

  it('reads the live-session reminder lead time and the scheduler poll interval, validated', () => {
    const defaults = loadConfig({ DATA_DIR: dataDir() });
    expect(defaults.liveReminderLeadMinutes).toBe(15);
    expect(defaults.schedulerPollSeconds).toBe(5);
    const set = loadConfig({ DATA_DIR: dataDir(), LIVE_REMINDER_LEAD_MINUTES: '60', SCHEDULER_POLL_SECONDS: '1' });
    expect(set.liveReminderLeadMinutes).toBe(60);
    expect(set.schedulerPollSeconds).toBe(1);
    expect(() => loadConfig({ DATA_DIR: dataDir(), LIVE_REMINDER_LEAD_MINUTES: '-1' })).toThrow(/LIVE_REMINDER_LEAD_MINUTES/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), LIVE_REMINDER_LEAD_MINUTES: 'soon' })).toThrow(/LIVE_REMINDER_LEAD_MINUTES/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SCHEDULER_POLL_SECONDS: '0' })).toThrow(/SCHEDULER_POLL_SECONDS/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SCHEDULER_POLL_SECONDS: '1.5' })).toThrow(/SCHEDULER_POLL_SECONDS/);
  });

  it('reads METRICS_ENABLED (default on) and METRICS_TOKEN (unset: /metrics open; set: at least 16 characters)', () => {
    const defaults = loadConfig({ DATA_DIR: dataDir() });
    expect(defaults.metricsEnabled).toBe(true);
    expect(defaults.metricsToken).toBeNull();
    expect(loadConfig({ DATA_DIR: dataDir(), METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
    expect(loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: 'a-scrape-token-of-24chars' }).metricsToken).toBe('a-scrape-token-of-24chars');
    expect(() => loadConfig({ DATA_DIR: dataDir(), METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), METRICS_ENABLED: 'maybe' })).toThrow(/METRICS_ENABLED/);
  });
});
