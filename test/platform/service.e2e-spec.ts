import { printSchema, lexicographicSortSchema } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { startAppOn, startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';
import { TcpProxy } from '../support/tcp-proxy';
import { login, registerUser, TEST_ADMIN, withAdmin } from '../support/users';

describe('foundation (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers GraphQL: me is null when anonymous', async () => {
    const res = await t.gql('{ me { id } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
  });

  it('applied every migration and entities match them (no drift)', async () => {
    const dataSource = t.app.get(DataSource);
    expect(await dataSource.showMigrations()).toBe(false);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('the committed schema.graphql is the schema the code generates', () => {
    const schema = lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema);
    const generated = printSchema(schema) + '\n';
    const file = join(__dirname, '..', '..', 'schema.graphql');
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(file, generated);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('health: live and ready', async () => {
    const live = await fetch(`${t.baseUrl}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('echoes a request id, or makes one', async () => {
    const given = await fetch(`${t.baseUrl}/health/live`, { headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${t.baseUrl}/health/live`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps a query error to BAD_USER_INPUT', async () => {
    const res = await t.gql('{ noSuchField }');
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('maps input validation to BAD_USER_INPUT with a clear message', async () => {
    const res = await t.gql(`mutation { register(input: { email: "nope", password: "short", displayName: "X", handle: "ok-handle" }) { accessToken } }`);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/email must be a valid email address/);
    expect(res.errors?.[0].message).toMatch(/password must be 10 to 256 characters/);
  });

  it('refuses a forged token with 401 UNAUTHENTICATED', async () => {
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: 'Bearer not.a.jwt' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('signs a user in and answers me', async () => {
    const user = await registerUser(t, 'found');
    const res = await t.gqlOk('{ me { id handle role } }', {}, user.accessToken);
    expect(res.me).toEqual({ id: user.id, handle: user.handle, role: 'MEMBER' });
  });
});

describe('foundation: database outage (e2e)', () => {
  it('survives a lost database, answers with a clear error, and recovers by itself', async () => {
    const db = await createTestDatabase();
    const { proxy, url: viaProxy } = await TcpProxy.inFrontOf(db.url);
    const t = await startAppOn({ ...db, url: viaProxy });
    try {
      expect((await t.gql('{ me { id } }')).errors).toBeUndefined();
      const user = await registerUser(t, 'outage');

      await proxy.cut();
      const during = await t.gql('{ me { id } }', {}, user.accessToken);
      expect(during.errors?.[0].extensions.code).toMatch(/INTERNAL_SERVER_ERROR|UNAUTHENTICATED/);
      const ready = await fetch(`${t.baseUrl}/health/ready`);
      expect(ready.status).toBe(503);

      await proxy.restore();
      let recovered = false;
      for (let i = 0; i < 50 && !recovered; i++) {
        const res = await t.gql('{ me { id } }', {}, user.accessToken);
        recovered = !res.errors && res.data?.me?.id === user.id;
        if (!recovered) await new Promise((r) => setTimeout(r, 200));
      }
      expect(recovered).toBe(true);
      expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
    } finally {
      await t.close();
      await proxy.cut();
      await db.drop();
    }
  });
});

describe('foundation: bootstrap admin (e2e)', () => {
  it('creates the ADMIN account from ADMIN_EMAIL / ADMIN_PASSWORD, and promotes without resetting on restart', async () => {
    const t = await startTestApp(withAdmin());
    try {
      const admin = await login(t, TEST_ADMIN.email, TEST_ADMIN.password);
      expect((await t.gqlOk('{ me { role } }', {}, admin.accessToken)).me.role).toBe('ADMIN');
      // a second instance with another password neither duplicates nor resets it
      const second = await startAppOn(t.db, withAdmin({ ADMIN_PASSWORD: 'another-password-456' }));
      try {
        await login(second, TEST_ADMIN.email, TEST_ADMIN.password);
        expect((await t.db.query(`SELECT count(*)::int AS n FROM users WHERE role = 'ADMIN'`))[0].n).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await t.close();
    }
  });
});
