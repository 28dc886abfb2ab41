import { randomBytes } from 'node:crypto';
import { startAppOn, startTestApp, TestApp } from './test-app';

/**
 * Specs that need Redis (several instances sharing rooms and limits): skipped only when
 * REDIS_URL is unset outside CI; in CI they always run (and fail without Redis).
 */
// eslint-disable-next-line no-restricted-properties
export const describeWithRedis = process.env.REDIS_URL || process.env.CI ? describe : describe.skip;

/**
 * The environment of instances that share one Redis: a channel and key prefix unique to the
 * calling spec, rate limits off, and the periodic socket re-check slowed down so that what a
 * test sees is the immediate re-check.
 */
export function sharedRedisEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const key = `asgm-test-${randomBytes(6).toString('hex')}`;
  return {
    REDIS_URL: process.env.REDIS_URL,
    REALTIME_REDIS_KEY: key,
    RATE_LIMIT_KEY_PREFIX: `${key}:rl`,
    RATE_LIMITS_ENABLED: 'false',
    REALTIME_RECHECK_SECONDS: '3600',
    ...overrides,
  };
}

/** Two application instances on one fresh database and one Redis (`a` owns the database). */
export async function startTwoInstances(env: Record<string, string | undefined> = sharedRedisEnv()): Promise<{ a: TestApp; b: TestApp }> {
  const a = await startTestApp(env);
  try {
    return { a, b: await startAppOn(a.db, env) };
  } catch (err) {
    await a.close();
    throw err;
  }
}
