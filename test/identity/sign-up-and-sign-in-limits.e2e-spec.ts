import { randomBytes } from 'node:crypto';
import { LOGIN, REGISTER } from '../support/documents';
import { errorCode } from '../support/forum';
import { gqlRequest, GqlResult, startTestApp, TestApp } from '../support/test-app';
import { registerUser } from '../support/users';

const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken user { id } } }`;

/** A GraphQL request from the client IP `ip` (the apps below trust X-Forwarded-For). */
async function from<T = any>(t: TestApp, ip: string, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GqlResult<T>;
}

const accountInput = (tag: string) => {
  const s = `${tag}-${randomBytes(4).toString('hex')}`;
  return { email: `${s}@example.org`, password: 'long-enough-pw', displayName: `Reg ${s}`, handle: s };
};

/** One document registering `n` accounts with aliases. */
function aliasDocument(n: number, tag: string): { query: string; variables: Record<string, unknown> } {
  const defs = Array.from({ length: n }, (_, i) => `$i${i}: RegisterInput!`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `r${i}: register(input: $i${i}) { user { id } }`).join(' ');
  return { query: `mutation(${defs}) { ${fields} }`, variables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`i${i}`, accountInput(`${tag}${i}`)])) };
}

/** Issue 14, failure 2 (no registration limit) and 5 (CONFLICT told which emails exist, at any rate). */
describe('accounts: registration limits per client IP (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true', REGISTRATIONS_PER_IP_PER_HOUR: '5', REGISTRATIONS_PER_IP_PER_DAY: '8' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const users = async () => Number((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users`))[0].n);

  it('25 register aliases in one document create nothing (the operation limits); 10, the most allowed, create 5: every alias counts, the sixth is RATE_LIMITED', async () => {
    const before = await users();
    const issue = aliasDocument(25, 'many');
    expect(errorCode(await from(t, '198.51.100.1', issue.query, issue.variables))).toBe('QUERY_TOO_COMPLEX');
    expect(await users()).toBe(before);
    const { query, variables } = aliasDocument(10, 'alias');
    const res = await from(t, '198.51.100.1', query, variables);
    expect(await users()).toBe(before + 5);
    // mutations run one after another; `register` is non-null, so the first refusal ends the document
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['r5'], extensions: { code: 'RATE_LIMITED' } });
    expect(res.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    // the next document from that IP is refused at its first alias
    const again = await from(t, '198.51.100.1', REGISTER, { input: accountInput('again') });
    expect(errorCode(again)).toBe('RATE_LIMITED');
    expect(await users()).toBe(before + 5);
    // another network is not affected
    expect(errorCode(await from(t, '198.51.100.2', REGISTER, { input: accountInput('other') }))).toBeUndefined();
  });

  it('a taken email costs a registration too: enumeration stops at the limit with RATE_LIMITED, not CONFLICT', async () => {
    const ip = '198.51.100.3';
    const taken = accountInput('taken');
    expect(errorCode(await from(t, ip, REGISTER, { input: taken }))).toBeUndefined();
    const answers: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) answers.push(errorCode(await from(t, ip, REGISTER, { input: { ...accountInput('probe'), email: taken.email } })));
    expect(answers).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('the daily limit holds on its own (REGISTRATIONS_PER_IP_PER_DAY)', async () => {
    const daily = await startTestApp({ TRUST_PROXY: 'true', REGISTRATIONS_PER_IP_PER_HOUR: '100', REGISTRATIONS_PER_IP_PER_DAY: '3' });
    try {
      const ip = '198.51.100.4';
      for (let i = 0; i < 3; i++) expect(errorCode(await from(daily, ip, REGISTER, { input: accountInput('day') }))).toBeUndefined();
      const refused = await from(daily, ip, REGISTER, { input: accountInput('day') });
      expect(errorCode(refused)).toBe('RATE_LIMITED');
      expect(refused.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(3600);
    } finally {
      await daily.close();
    }
  });

  it('RATE_LIMITS_ENABLED=false lifts the registration limit (load runs)', async () => {
    const free = await startTestApp({ TRUST_PROXY: 'true', RATE_LIMITS_ENABLED: 'false', REGISTRATIONS_PER_IP_PER_HOUR: '1', REGISTRATIONS_PER_IP_PER_DAY: '1' });
    try {
      const { query, variables } = aliasDocument(3, 'free');
      expect((await from(free, '198.51.100.9', query, variables)).errors).toBeUndefined();
    } finally {
      await free.close();
    }
  });
});

/** Issue 14, failure 6: 11 wrong passwords locked any account, the admin's included, from every IP. */
describe('accounts: sign-in limits per account and client IP (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'true', LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '10' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("someone guessing from elsewhere is stopped without locking the owner out of their own network", async () => {
    const owner = await registerUser(t, 'victim');
    const login = (ip: string, password: string) => from(t, ip, LOGIN, { input: { email: owner.email, password } });
    for (let i = 0; i < 10; i++) expect(errorCode(await login('203.0.113.66', `guess-${i}-wrong`))).toBe('UNAUTHENTICATED');
    // the attacker's address is throttled, the right password included
    expect(errorCode(await login('203.0.113.66', 'guess-11-wrong'))).toBe('RATE_LIMITED');
    expect(errorCode(await login('203.0.113.66', owner.password))).toBe('RATE_LIMITED');
    // the owner, from home, signs in
    const home = await login('192.0.2.10', owner.password);
    expect(home.errors).toBeUndefined();
    expect(home.data.login.user.id).toBe(owner.id);
  });
});

/** Issue 14, failure 6: two tabs refreshing the same token at once signed the user out. */
describe('accounts: refresh grace window (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REFRESH_REUSE_GRACE_SECONDS: '30' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('concurrent refreshes with one token get the same new pair, and the session lives on', async () => {
    const user = await registerUser(t, 'tabs');
    const answers = await Promise.all([1, 2, 3].map(() => gqlRequest<any>(t.baseUrl, REFRESH, { t: user.refreshToken })));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const pairs = answers.map((a) => a.data.refreshSession);
    expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1);
    expect(new Set(pairs.map((p) => p.accessToken)).size).toBe(1);
    expect((await t.gqlOk('{ me { id } }', {}, pairs[0].accessToken)).me.id).toBe(user.id);
    // the new refresh token works once, as any
    const next = (await t.gqlOk(REFRESH, { t: pairs[0].refreshToken })).refreshSession;
    expect((await t.gqlOk('{ me { id } }', {}, next.accessToken)).me.id).toBe(user.id);
    const live = await t.db.query(`SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [user.id]);
    expect(live).toEqual([{ n: 3 }]);
  });

  it('reuse after the window still revokes the whole family (RFC 9700)', async () => {
    const user = await registerUser(t, 'late');
    const second = (await t.gqlOk(REFRESH, { t: user.refreshToken })).refreshSession;
    await t.db.query(`UPDATE refresh_tokens SET used_at = used_at - interval '31 seconds' WHERE user_id = $1 AND used_at IS NOT NULL`, [user.id]);
    expect(errorCode(await t.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(REFRESH, { t: second.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql('{ me { id } }', {}, second.accessToken))).toBe('UNAUTHENTICATED');
  });

  it('a token of a revoked session gets nothing within the window', async () => {
    const user = await registerUser(t, 'out');
    const second = (await t.gqlOk(REFRESH, { t: user.refreshToken })).refreshSession;
    expect((await t.gqlOk(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: second.refreshToken })).logout).toBe(true);
    expect(errorCode(await t.gql(REFRESH, { t: user.refreshToken }))).toBe('UNAUTHENTICATED');
  });
});
