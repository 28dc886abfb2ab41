import { createHmac, randomBytes } from 'node:crypto';
import { startAppOn, startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { LOGIN, REGISTER } from '../support/documents';
import { registerUser, TestUser } from '../support/users';

const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken user { id } } }`;
const LOGOUT = `mutation($t: String!) { logout(refreshToken: $t) }`;

const code = (res: { errors?: { extensions: { code: string } }[] }) => res.errors?.[0]?.extensions.code;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Builds a JWT by hand, so that tests can forge every part of it. */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | null): string {
  const head = `${b64(header)}.${b64(payload)}`;
  const signature = secret === null ? '' : createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${signature}`;
}

async function rawMe(t: TestApp, token: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });
  return { status: res.status, body: await res.json() };
}

async function expectUnauthenticated(t: TestApp, token: string): Promise<void> {
  const { status, body } = await rawMe(t, token);
  expect(status).toBe(401);
  expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(body.data).toBeUndefined();
}

describe('auth: accounts, tokens, sessions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  const userCount = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`))[0].n;
  const tokenCount = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM refresh_tokens`))[0].n;

  describe('register', () => {
    const valid = () => {
      const s = randomBytes(4).toString('hex');
      return { email: `reg-${s}@example.org`, password: 'long-enough-pw', displayName: 'Reg User', handle: `reg-${s}` };
    };

    it.each([
      [{ email: 'not-an-email' }, /email must be a valid email address/],
      [{ password: 'short' }, /password must be 10 to 256 characters/],
      [{ password: 'x'.repeat(257) }, /password must be 10 to 256 characters/],
      [{ handle: 'Has Space' }, /handle must be 3 to 30/],
      [{ handle: 'ab' }, /handle must be 3 to 30/],
      [{ handle: '-leading' }, /handle must be 3 to 30/],
      [{ handle: 'UPPER' }, /handle must be 3 to 30/],
      [{ displayName: '' }, /displayName must be 1 to 80/],
      [{ displayName: '   ' }, /displayName must be 1 to 80/],
    ])('refuses %j with BAD_USER_INPUT and writes nothing', async (override, message) => {
      const [users, tokens] = [await userCount(), await tokenCount()];
      const res = await t.gql(REGISTER, { input: { ...valid(), ...override } });
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
      expect([await userCount(), await tokenCount()]).toEqual([users, tokens]);
    });

    it('emails are unique case-insensitively: CONFLICT with a clear message, nothing half-written', async () => {
      const first = valid();
      await t.gqlOk(REGISTER, { input: first });
      const [users, tokens] = [await userCount(), await tokenCount()];
      const res = await t.gql(REGISTER, { input: { ...valid(), email: first.email.toUpperCase() } });
      expect(code(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toBe('An account with this email already exists.');
      expect([await userCount(), await tokenCount()]).toEqual([users, tokens]);
      // the database holds emails and handles lower-cased only, whoever writes them
      await expect(t.db.query(`INSERT INTO users (email, handle, display_name, password_hash) VALUES ($1, 'uphandle', 'x', 'x')`, [first.email.toUpperCase()])).rejects.toThrow(
        /users_email_lower/,
      );
      await expect(t.db.query(`INSERT INTO users (email, handle, display_name, password_hash) VALUES ('up@example.org', 'UpHandle', 'x', 'x')`)).rejects.toThrow(/users_handle_lower/);
      // and login works with any case
      const login = await t.gqlOk(LOGIN, { input: { email: first.email.toUpperCase(), password: first.password } });
      expect(login.login.user.id).toEqual(expect.any(String));
    });

    it('handles are unique: CONFLICT', async () => {
      const first = valid();
      await t.gqlOk(REGISTER, { input: first });
      const res = await t.gql(REGISTER, { input: { ...valid(), handle: first.handle } });
      expect(code(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toBe('This handle is taken.');
    });

    it('concurrent registrations with the same email: one account', async () => {
      const input = valid();
      const results = await Promise.all([0, 1, 2].map((i) => t.gql(REGISTER, { input: { ...input, handle: `${input.handle}-${i}` } })));
      expect(results.filter((r) => !r.errors).length).toBe(1);
      expect(results.filter((r) => code(r) === 'CONFLICT').length).toBe(2);
      expect(await t.db.query(`SELECT count(*)::int AS n FROM users WHERE email = $1`, [input.email])).toEqual([{ n: 1 }]);
    });

    it('stores an argon2id hash, never the password', async () => {
      const input = valid();
      await t.gqlOk(REGISTER, { input });
      const [row] = await t.db.query<{ password_hash: string }>(`SELECT password_hash FROM users WHERE email = $1`, [input.email]);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(input.password);
    });
  });

  describe('login', () => {
    it('unknown email and wrong password answer with the identical error', async () => {
      const user = await registerUser(t, 'login');
      const wrong = await t.gql(LOGIN, { input: { email: user.email, password: 'wrong-password-123' } });
      const unknown = await t.gql(LOGIN, { input: { email: `nobody-${user.handle}@example.org`, password: 'wrong-password-123' } });
      expect(code(wrong)).toBe('UNAUTHENTICATED');
      expect(wrong.errors![0].message).toBe('The email or password is incorrect.');
      expect({ message: unknown.errors![0].message, extensions: unknown.errors![0].extensions }).toEqual({
        message: wrong.errors![0].message,
        extensions: wrong.errors![0].extensions,
      });
      const ok = await t.gqlOk(LOGIN, { input: { email: user.email, password: user.password } });
      expect(ok.login.user.id).toBe(user.id);
    });

    it.each([
      [{ email: '', password: 'wrong-password-123' }, /email and password must not be empty/],
      [{ email: 'someone@example.org', password: '' }, /email and password must not be empty/],
      [{ email: `${'e'.repeat(250)}@example.org`, password: 'wrong-password-123' }, /email must be shorter than or equal to 254 characters/],
      [{ email: 'someone@example.org', password: 'x'.repeat(257) }, /password must be shorter than or equal to 256 characters/],
    ])('refuses %j with BAD_USER_INPUT, never a 500', async (input, message) => {
      const res = await t.gql(LOGIN, { input });
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    });
  });

  describe('access tokens', () => {
    let user: TestUser;
    let sid: string;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({
      sub: user.id,
      sid,
      typ: 'access',
      iss: 'asgm-exchange',
      aud: 'asgm-exchange-api',
      iat: now(),
      exp: now() + 600,
      ...over,
    });

    beforeAll(async () => {
      user = await registerUser(t, 'tok');
      sid = (await t.db.query<{ family_id: string }>(`SELECT family_id FROM refresh_tokens WHERE user_id = $1`, [user.id]))[0].family_id;
    });

    it('a correctly signed token works (the forging helper is sound)', async () => {
      const token = jwt({ alg: 'HS256', typ: 'JWT' }, claims(), TEST_JWT_SECRET);
      expect((await t.gqlOk('{ me { id } }', {}, token)).me.id).toBe(user.id);
    });

    it.each([
      ['alg none', () => jwt({ alg: 'none', typ: 'JWT' }, claims(), null)],
      ['alg none with a signature', () => jwt({ alg: 'none', typ: 'JWT' }, claims(), TEST_JWT_SECRET)],
      ['HS512 instead of the pinned HS256', () => {
        const head = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims())}`;
        return `${head}.${createHmac('sha512', TEST_JWT_SECRET).update(head).digest('base64url')}`;
      }],
      ['wrong secret', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims(), 'another-secret-another-secret-another-secret')],
      ['wrong audience', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims({ aud: 'someone-else' }), TEST_JWT_SECRET)],
      ['wrong issuer', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims({ iss: 'evil' }), TEST_JWT_SECRET)],
      ['expired', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims({ iat: now() - 3600, exp: now() - 60 }), TEST_JWT_SECRET)],
      ['no expiry', () => {
        const c: Record<string, unknown> = claims();
        delete c.exp;
        return jwt({ alg: 'HS256', typ: 'JWT' }, c, TEST_JWT_SECRET);
      }],
      ['not an access token', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims({ typ: 'refresh' }), TEST_JWT_SECRET)],
      ['unknown session family', () => jwt({ alg: 'HS256', typ: 'JWT' }, claims({ sid: '00000000-0000-4000-8000-000000000000' }), TEST_JWT_SECRET)],
      ['tampered payload', () => {
        const [h, , s] = jwt({ alg: 'HS256', typ: 'JWT' }, claims(), TEST_JWT_SECRET).split('.');
        return `${h}.${b64(claims({ sub: '00000000-0000-4000-8000-000000000000' }))}.${s}`;
      }],
      ['garbage', () => 'a.b.c'],
    ])('refuses %s with 401 UNAUTHENTICATED', async (_name, make) => {
      await expectUnauthenticated(t, make());
    });

    it.each(['Basic abc', 'Bearer', 'Token abc'])('refuses the Authorization header %j with 401 UNAUTHENTICATED', async (header) => {
      const res = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: header },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(res.status).toBe(401);
      expect((await res.json()).errors[0]).toEqual({
        message: 'The Authorization header must be "Bearer <accessToken>".',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    });
  });

  describe('refresh tokens and logout', () => {
    it('refreshSession rotates: a new pair, the old refresh token is single use', async () => {
      const user = await registerUser(t, 'rot');
      const next = (await t.gqlOk(REFRESH, { t: user.refreshToken })).refreshSession;
      expect(next.user.id).toBe(user.id);
      expect(next.refreshToken).not.toBe(user.refreshToken);
      expect((await t.gqlOk('{ me { id } }', {}, next.accessToken)).me.id).toBe(user.id);
    });

    it('reusing a used refresh token revokes the whole family: the newer sibling and its access tokens die', async () => {
      const user = await registerUser(t, 'reuse');
      const second = (await t.gqlOk(REFRESH, { t: user.refreshToken })).refreshSession;
      const third = (await t.gqlOk(REFRESH, { t: second.refreshToken })).refreshSession;
      // an attacker replays the first (used) token, after the grace window in which a
      // concurrent refresh would get the same pair again (REFRESH_REUSE_GRACE_SECONDS)
      await t.db.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE user_id = $1 AND used_at IS NOT NULL`, [user.id]);
      const replay = await t.gql(REFRESH, { t: user.refreshToken });
      expect(code(replay)).toBe('UNAUTHENTICATED');
      // the legitimate, newest token is dead too, and so are access tokens of the family
      expect(code(await t.gql(REFRESH, { t: third.refreshToken }))).toBe('UNAUTHENTICATED');
      await expectUnauthenticated(t, third.accessToken);
      await expectUnauthenticated(t, user.accessToken);
      const live = await t.db.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
      expect(live).toEqual([{ n: 0 }]);
      // other sessions of the same user are untouched
      const other = (await t.gqlOk(LOGIN, { input: { email: user.email, password: user.password } })).login;
      expect((await t.gqlOk('{ me { id } }', {}, other.accessToken)).me.id).toBe(user.id);
    });

    it('logout revokes the family: refresh and access tokens stop working; other sessions live on', async () => {
      const user = await registerUser(t, 'logout');
      const other = (await t.gqlOk(LOGIN, { input: { email: user.email, password: user.password } })).login;
      expect((await t.gqlOk(LOGOUT, { t: user.refreshToken })).logout).toBe(true);
      expect(code(await t.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
      await expectUnauthenticated(t, user.accessToken);
      expect((await t.gqlOk('{ me { id } }', {}, other.accessToken)).me.id).toBe(user.id);
      expect((await t.gqlOk(LOGOUT, { t: 'not-a-token' })).logout).toBe(false);
    });

    it('unknown refresh tokens are UNAUTHENTICATED', async () => {
      expect(code(await t.gql(REFRESH, { t: 'garbage' }))).toBe('UNAUTHENTICATED');
    });
  });

  describe('suspended users', () => {
    const suspend = (id: string, until: string) => t.db.query(`UPDATE users SET suspended_until = ${until} WHERE id = $1`, [id]);

    it('cannot log in (SUSPENDED, only with the right password), write or refresh; public reads still work', async () => {
      const user = await registerUser(t, 'susp');
      await suspend(user.id, `now() + interval '1 day'`);
      const login = await t.gql(LOGIN, { input: { email: user.email, password: user.password } });
      expect(code(login)).toBe('SUSPENDED');
      expect(login.errors![0].extensions.suspendedUntil).toEqual(expect.any(String));
      expect(login.errors![0].message).toMatch(/suspended until/);
      // a wrong password does not reveal the suspension
      expect(code(await t.gql(LOGIN, { input: { email: user.email, password: 'wrong-password-123' } }))).toBe('UNAUTHENTICATED');
      // writes with a still-valid access token: SUSPENDED; public reads still answer
      const write = await t.gql(`mutation { requestMembership(organizationId: "00000000-0000-4000-8000-000000000000") { id } }`, {}, user.accessToken);
      expect(code(write)).toBe('SUSPENDED');
      const list = await t.gql(`{ myMemberships { id } }`, {}, user.accessToken);
      expect(code(list)).toBe('SUSPENDED');
      expect((await t.gqlOk(`{ me { id } }`, {}, user.accessToken)).me.id).toBe(user.id);
      // refresh: SUSPENDED, and the session is revoked
      expect(code(await t.gql(REFRESH, { t: user.refreshToken }))).toBe('SUSPENDED');
      await expectUnauthenticated(t, user.accessToken);
    });

    it('a suspended admin loses admin powers', async () => {
      const user = await registerUser(t, 'suspadm');
      await t.db.query(`UPDATE users SET role = 'ADMIN' WHERE id = $1`, [user.id]);
      await suspend(user.id, `now() + interval '1 hour'`);
      const res = await t.gql(`mutation { createOrganization(input: { name: "Suspended Org", sector: NGO }) { id } }`, {}, user.accessToken);
      expect(code(res)).toBe('SUSPENDED');
      expect(await t.db.query(`SELECT 1 FROM organizations WHERE name = 'Suspended Org'`)).toEqual([]);
    });

    it('a past suspension no longer applies', async () => {
      const user = await registerUser(t, 'wassusp');
      await suspend(user.id, `now() - interval '1 minute'`);
      expect((await t.gqlOk(LOGIN, { input: { email: user.email, password: user.password } })).login.user.id).toBe(user.id);
    });
  });
});

describe('auth: login throttling (e2e)', () => {
  const attempt = (t: TestApp, email: string, password = 'wrong-password-123') => t.gql(LOGIN, { input: { email, password } });

  it('per account: trips after the limit, identically for unknown and known emails, even with the right password', async () => {
    const t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_THROTTLE_WINDOW_SECONDS: '600' });
    try {
      const user = await registerUser(t, 'thr');
      const unknown = `ghost-${user.handle}@example.org`;
      for (let i = 0; i < 3; i++) {
        expect(code(await attempt(t, user.email))).toBe('UNAUTHENTICATED');
        expect(code(await attempt(t, unknown))).toBe('UNAUTHENTICATED');
      }
      const known = await attempt(t, user.email, user.password);
      const ghost = await attempt(t, unknown);
      expect(code(known)).toBe('RATE_LIMITED');
      expect(known.errors![0].message).toBe('Too many sign-in attempts; try again later.');
      const retry = known.errors![0].extensions.retryAfterSeconds as number;
      expect(Number.isInteger(retry) && retry > 0 && retry <= 600).toBe(true);
      expect(ghost.errors![0].message).toBe(known.errors![0].message);
      expect(Object.keys(ghost.errors![0].extensions).sort()).toEqual(Object.keys(known.errors![0].extensions).sort());
      // email case and spacing do not give fresh attempts
      expect(code(await attempt(t, `  ${user.email.toUpperCase()} `, user.password))).toBe('RATE_LIMITED');
      // other accounts are not affected
      const other = await registerUser(t, 'thr2');
      expect((await t.gqlOk(LOGIN, { input: { email: other.email, password: other.password } })).login.user.id).toBe(other.id);
    } finally {
      await t.close();
    }
  });

  it('per account: successful sign-ins never count, and a success resets the failures', async () => {
    const t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_THROTTLE_WINDOW_SECONDS: '600' });
    try {
      const user = await registerUser(t, 'okay');
      const right = () => attempt(t, user.email, user.password);
      // many correct sign-ins in a row: none refused
      for (let i = 0; i < 8; i++) expect((await right()).data?.login.user.id).toBe(user.id);
      // two failures, a success (resets), two more failures: still allowed
      for (let i = 0; i < 2; i++) expect(code(await attempt(t, user.email))).toBe('UNAUTHENTICATED');
      expect((await right()).data?.login.user.id).toBe(user.id);
      for (let i = 0; i < 2; i++) expect(code(await attempt(t, user.email))).toBe('UNAUTHENTICATED');
      expect((await right()).data?.login.user.id).toBe(user.id);
      // three failures without a success in between: refused, the right password included
      for (let i = 0; i < 3; i++) expect(code(await attempt(t, user.email))).toBe('UNAUTHENTICATED');
      expect(code(await right())).toBe('RATE_LIMITED');
    } finally {
      await t.close();
    }
  });

  it('per IP: trips after the limit across different accounts', async () => {
    const t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '4' });
    try {
      for (let i = 0; i < 4; i++) expect(code(await attempt(t, `spray-${i}@example.org`))).toBe('UNAUTHENTICATED');
      const res = await attempt(t, 'spray-new@example.org');
      expect(code(res)).toBe('RATE_LIMITED');
      expect(res.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('RATE_LIMITS_ENABLED=false turns the login throttle off', async () => {
    const t = await startTestApp({ RATE_LIMITS_ENABLED: 'false', LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '1', LOGIN_MAX_ATTEMPTS_PER_IP: '1' });
    try {
      for (let i = 0; i < 4; i++) expect(code(await attempt(t, 'same@example.org'))).toBe('UNAUTHENTICATED');
    } finally {
      await t.close();
    }
  });

  it('instances share the count through Redis when REDIS_URL is set (memory per instance otherwise)', async () => {
    const redisUrl = process.env.REDIS_URL;
    const env = { LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '2', REDIS_URL: redisUrl, RATE_LIMIT_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}` };
    const a = await startTestApp(env);
    const b = await startAppOn(a.db, env);
    try {
      expect(code(await attempt(a, 'shared@example.org'))).toBe('UNAUTHENTICATED');
      expect(code(await attempt(b, 'shared@example.org'))).toBe('UNAUTHENTICATED');
      if (redisUrl) {
        // 2 attempts allowed in total, whichever instance answers
        expect(code(await attempt(b, 'shared@example.org'))).toBe('RATE_LIMITED');
        expect(code(await attempt(a, 'shared@example.org'))).toBe('RATE_LIMITED');
      } else {
        // in memory each instance counts alone: 2 allowed on each
        expect(code(await attempt(a, 'shared@example.org'))).toBe('UNAUTHENTICATED');
        expect(code(await attempt(a, 'shared@example.org'))).toBe('RATE_LIMITED');
      }
    } finally {
      await b.close();
      await a.close();
    }
  });
});
