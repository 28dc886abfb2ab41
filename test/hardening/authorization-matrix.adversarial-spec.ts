import { GraphQLSchemaHost } from '@nestjs/graphql';
import { startSmtp, TestSmtp } from '../support/smtp';
import { startTestApp, TestApp } from '../support/test-app';
import { withAdmin } from '../support/users';
import { figure } from './adversarial-support';
import { Case } from './matrix/policy';
import { READS, readTargets, ReadTargets } from './matrix/reads';
import { FORUM_WRITES } from './matrix/writes-forum';
import { IDENTITY_WRITES } from './matrix/writes-identity';
import { LIVE_WRITES } from './matrix/writes-live';
import { buildWorld, classify, VIEWERS, ViewerKey, World } from './matrix/world';

/**
 * Issue 14: the authorization matrix. Every root operation of the schema × every kind of viewer
 * (anonymous; an unverified account; a MEMBER without an organization; a MEMBER of each sector; the
 * target's owner; a verified EXPERT; a MODERATOR; the ADMIN; a suspended MEMBER), over HTTP against
 * the real application, compared with a policy table written by hand from the contract
 * (test/hardening/matrix/*.ts). A new operation fails the first test until it has its rows.
 */

const CASES: Case[] = [...READS, ...FORUM_WRITES, ...LIVE_WRITES, ...IDENTITY_WRITES];

/** Cases that change the viewers' own accounts run after every other cell. */
const LAST = new Set(['Mutation.changeEmail', 'Mutation.changePassword']);

const label = (c: Case) => (c.variant ? `${c.operation} [${c.variant}]` : c.operation);

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

interface Cell {
  case: string;
  viewer: ViewerKey;
  expected: string;
  actual: string;
  message?: string;
}

describe('adversarial: the authorization matrix', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let w: World;
  let reads: ReadTargets;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(
      withAdmin({
        // the unverified column needs verification on; every other account follows its mailed link
        REQUIRE_EMAIL_VERIFICATION: 'true',
        SMTP_URL: smtp.url,
        WEB_APP_URL: 'https://app.example.org',
        // time-based throttles off (the matrix signs up, signs in and posts fast); product rules stay
        RATE_LIMITS_ENABLED: 'false',
        REDIS_URL: process.env.REDIS_URL,
      }),
    );
    w = await buildWorld(t, smtp);
    reads = await readTargets(w);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('has rows for every root field of the schema, and for none it lacks', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}).map((name) => `${type!.name}.${name}`),
    );
    const tabled = new Set(CASES.map((c) => c.operation));
    expect({ missing: fields.filter((f) => !tabled.has(f)), unknown: [...tabled].filter((f) => !fields.includes(f)) }).toEqual({ missing: [], unknown: [] });
  });

  it('answers every operation × viewer as the policy table says (0 differences)', async () => {
    const started = performance.now();
    const shared = new Map<Case, any>();
    await pool(CASES, 6, async (c) => shared.set(c, { reads, ...(c.setup ? await c.setup(w) : {}) }));

    const run = async ([c, viewer]: [Case, ViewerKey]): Promise<Cell> => {
      const cell = { case: label(c), viewer, expected: c.expected[viewer] };
      const s = shared.get(c);
      const prepared = await Promise.resolve()
        .then(() => c.prepare(w, viewer, s))
        .catch((err: Error) => err);
      if (prepared instanceof Error) return { ...cell, actual: 'FIXTURE FAILED', message: prepared.message.slice(0, 300) };
      const token = viewer === 'author' && c.owner ? c.owner(w, s) : w.tokens[viewer];
      const res = await t.gql(c.document, prepared.variables, token);
      const actual = classify(res, c.present && ((data) => c.present!(data, prepared.target)));
      return { ...cell, actual, message: res.errors?.[0]?.message };
    };
    const cellsOf = (cases: Case[]) => cases.flatMap((c) => VIEWERS.map((v) => [c, v] as [Case, ViewerKey]));
    const cells = [
      ...(await pool(cellsOf(CASES.filter((c) => !LAST.has(c.operation))), 8, run)),
      ...(await pool(cellsOf(CASES.filter((c) => LAST.has(c.operation))), 8, run)),
    ];

    const differences = cells.filter((c) => c.actual !== c.expected);
    for (const d of differences) console.log(`[adversarial] matrix difference: ${d.case} × ${d.viewer}: table ${d.expected}, service ${d.actual}${d.message ? ` (${d.message})` : ''}`);
    const count = (o: string) => cells.filter((c) => c.actual === o).length;
    figure('authorization matrix', {
      operations: new Set(CASES.map((c) => c.operation)).size,
      rows: CASES.length,
      viewers: VIEWERS.length,
      cells: cells.length,
      differences: differences.length,
      answered: count('OK') + count('VISIBLE'),
      absent: count('ABSENT'),
      refused: cells.length - count('OK') - count('VISIBLE') - count('ABSENT'),
      seconds: (performance.now() - started) / 1000,
    });
    expect(differences.map((d) => `${d.case} × ${d.viewer}: table ${d.expected}, service ${d.actual}`)).toEqual([]);
  });
});
