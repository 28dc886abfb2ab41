import { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';

export interface GqlResult<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; [k: string]: unknown } }[];
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  gqlOk<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'fatal',
    JWT_SECRET: TEST_JWT_SECRET,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'asgm-test-')),
    SEED_DEMO: 'false',
    REDIS_URL: undefined,
    // The suite posts quickly and repeats bodies: posting limits off unless a spec sets them
    // (test/moderation/posting-limits.e2e-spec.ts runs with the production values).
    POST_INTERVAL_SECONDS: '0',
    NEW_USER_POST_INTERVAL_SECONDS: '0',
    DUPLICATE_POST_WINDOW_SECONDS: '0',
    THREADS_PER_DAY: '1000',
    // Specs register many accounts from one IP and read MEMBERS content with them at once
    // (test/identity/accounts*.e2e-spec.ts run with verification and these limits on).
    REQUIRE_EMAIL_VERIFICATION: 'false',
    REGISTRATIONS_PER_IP_PER_HOUR: '1000000',
    REGISTRATIONS_PER_IP_PER_DAY: '1000000',
    ...overrides,
  };
}

export async function gqlRequest<T>(baseUrl: string, query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<T>;
}

/** Starts another application instance on an existing database (multi-instance tests). */
export async function startAppOn(db: TestDatabase, env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const config: AppConfig = { ...loadConfig(testEnv(env)), databaseUrl: db.url, port: 0 };
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const gql = <T>(q: string, v?: Record<string, unknown>, t?: string | null) => gqlRequest<T>(baseUrl, q, v, t);
  return {
    app,
    config,
    db,
    baseUrl,
    gql,
    async gqlOk<T>(q: string, v?: Record<string, unknown>, t?: string | null): Promise<T> {
      const result = await gql<T>(q, v, t);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    close: () => app.close(),
  };
}

/**
 * The real application on its own fresh database (one per test file), listening on a
 * random port. Environment overrides go through the same validation as in production.
 */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  try {
    const testApp = await startAppOn(db, env);
    return {
      ...testApp,
      async close() {
        await testApp.app.close();
        await db.drop();
      },
    };
  } catch (err) {
    await db.drop();
    throw err;
  }
}
