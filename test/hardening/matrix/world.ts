import { randomBytes } from 'node:crypto';
import { tokenMailedTo, VERIFICATION_MAIL, VERIFY } from '../../support/accounts';
import { CREATE_TOPIC, SET_USER_ROLE } from '../../support/documents';
import { APPLY, expertInput, REVIEW } from '../../experts/experts.fixtures';
import { adminToken, createOrganization, joinOrganization, SectorName, TestOrganization } from '../../support/orgs';
import { TestSmtp } from '../../support/smtp';
import { GqlResult, TestApp } from '../../support/test-app';
import { registerUser, TEST_ADMIN, TestUser } from '../../support/users';

/**
 * The viewers (columns) of the authorization matrix and the accounts behind them, all made the way
 * clients make them: registered over GraphQL, verified with the link mailed to them, joined to an
 * organization with requestMembership + decideMembership, promoted with setUserRole, reviewed as
 * experts, suspended with suspendUser. Only the bootstrap ADMIN comes from configuration.
 */

export const SECTORS: SectorName[] = ['GOVERNMENT', 'IGO', 'NGO', 'ACADEMIA', 'PRIVATE_SECTOR'];

export const VIEWERS = [
  'anonymous',
  'unverified',
  'unaffiliated',
  ...SECTORS,
  'author',
  'EXPERT',
  'MODERATOR',
  /** A MODERATOR limited (setModeratorTopics) to the topics of every target. */
  'topicMODERATOR',
  /** A MODERATOR limited to another topic: a MEMBER without an organization for the targets. */
  'elsewhereMODERATOR',
  'ADMIN',
  'unverifiedADMIN',
  'suspended',
] as const;
export type ViewerKey = (typeof VIEWERS)[number];

/**
 * What a cell can answer: data (`OK`), for reads that filter rather than refuse whether the target
 * is in the answer (`VISIBLE` / `ABSENT`), or the error's `extensions.code`
 * (`FORBIDDEN` with `reason: EMAIL_NOT_VERIFIED` is `EMAIL_NOT_VERIFIED`).
 */
export type Outcome =
  | 'OK'
  | 'VISIBLE'
  | 'ABSENT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'EMAIL_NOT_VERIFIED'
  | 'SUSPENDED'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'LOCKED';

export type Row = Record<ViewerKey, Outcome>;

export function classify(res: GqlResult, present?: (data: any) => boolean): string {
  const error = res.errors?.[0];
  if (error) {
    const { code, reason } = error.extensions ?? {};
    return code === 'FORBIDDEN' && reason === 'EMAIL_NOT_VERIFIED' ? 'EMAIL_NOT_VERIFIED' : String(code);
  }
  if (present) return present(res.data) ? 'VISIBLE' : 'ABSENT';
  return 'OK';
}

/** A signed-in account with what the fixtures need of it. */
export interface Account extends TestUser {
  token: string;
}

export interface World {
  t: TestApp;
  smtp: TestSmtp;
  admin: Account;
  /** The token each column sends (null: anonymous). `author` is overridden per target when someone else owns it. */
  tokens: Record<ViewerKey, string | null>;
  /** The account behind each column (null: anonymous). */
  accounts: Record<ViewerKey, Account | null>;
  /** The accounts behind the columns, and the others the targets need. */
  users: Record<'unverified' | 'unverifiedAdmin' | 'unaffiliated' | SectorName | 'author' | 'replier' | 'expert' | 'host' | 'moderator' | 'suspended' | 'mod2' | 'modIn' | 'modOut' | 'roleTarget' | 'loginTarget', Account>;
  orgs: Record<SectorName | 'open', TestOrganization>;
  /** Memberships by user key (the approved ones the fixtures made). */
  memberships: Record<string, string>;
  /** Profile ids of verified experts. */
  expertProfiles: Record<'expert' | 'host', string>;
  topics: { reads: string; writes: string; elsewhere: string };
}

const account = (u: TestUser): Account => ({ ...u, token: u.accessToken });
export const unique = (prefix = 'm') => `${prefix}${randomBytes(4).toString('hex')}`;

/** Registers an account over GraphQL and, unless `verify` is false, follows the link mailed to it. */
export async function newAccount(t: TestApp, smtp: TestSmtp, prefix: string, verify = true): Promise<Account> {
  const user = await registerUser(t, prefix);
  if (verify) {
    const mail = await tokenMailedTo(smtp, user.email, { subject: VERIFICATION_MAIL });
    await t.gqlOk(VERIFY, { token: mail.token });
  }
  return account(user);
}

/** An account with a VERIFIED expert profile (applied, then approved by the ADMIN). */
export async function newExpert(t: TestApp, smtp: TestSmtp, admin: string, prefix: string, topicId: string): Promise<{ user: Account; profileId: string }> {
  const user = await newAccount(t, smtp, prefix);
  await t.gqlOk(APPLY, { input: expertInput({ topicIds: [topicId] }) }, user.token);
  const profile = (await t.gqlOk(REVIEW, { userId: user.id, approve: true, note: null }, admin)).reviewExpert;
  return { user, profileId: profile.id };
}

const SET_MODERATOR_TOPICS = `mutation($id: ID!, $topicIds: [ID!]!) { setModeratorTopics(userId: $id, topicIds: $topicIds) { id } }`;

export const SUSPEND = `mutation($id: ID!, $until: DateTime!, $reason: String!) { suspendUser(userId: $id, until: $until, reason: $reason) { id } }`;
export const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

/** Builds every account, organization and topic of the matrix (about 20 accounts). */
export async function buildWorld(t: TestApp, smtp: TestSmtp): Promise<World> {
  const adminAccess = await adminToken(t);
  const admin = { id: '', handle: 'admin', email: TEST_ADMIN.email, password: TEST_ADMIN.password, accessToken: adminAccess, refreshToken: '', token: adminAccess };
  admin.id = (await t.gqlOk(`{ me { id } }`, {}, adminAccess)).me.id;
  const topic = async (name: string) => (await t.gqlOk(CREATE_TOPIC, { input: { name, slug: name } }, adminAccess)).createTopic.id as string;
  const topics = { reads: await topic('matrix-reads'), writes: await topic('matrix-writes'), elsewhere: await topic('matrix-elsewhere') };

  const orgs = {} as World['orgs'];
  await Promise.all([...SECTORS, 'open' as const].map(async (s) => (orgs[s] = await createOrganization(t, adminAccess, s === 'open' ? 'ACADEMIA' : s))));

  const keys = ['unaffiliated', ...SECTORS, 'author', 'replier', 'moderator', 'suspended', 'mod2', 'modIn', 'modOut', 'roleTarget', 'loginTarget'] as const;
  const [made, unverified, experts] = await Promise.all([
    Promise.all(keys.map((k) => newAccount(t, smtp, k.toLowerCase().replace('_', '')))),
    Promise.all([newAccount(t, smtp, 'unverified', false), newAccount(t, smtp, 'unverifiedadmin', false)]),
    Promise.all([newExpert(t, smtp, adminAccess, 'expert', topics.reads), newExpert(t, smtp, adminAccess, 'host', topics.reads)]),
  ]);
  const users = Object.fromEntries(keys.map((k, i) => [k, made[i]])) as World['users'];
  [users.unverified, users.unverifiedAdmin] = unverified;
  const [expert, host] = experts;
  users.expert = expert.user;
  users.host = host.user;
  // made ADMIN before verifying its email: not one yet (README, Accounts)
  await t.gqlOk(SET_USER_ROLE, { id: users.unverifiedAdmin.id, role: 'ADMIN' }, adminAccess);

  const memberships: Record<string, string> = {};
  const join = async (key: keyof World['users'], sector: SectorName) =>
    (memberships[key] = (await joinOrganization(t, adminAccess, users[key], orgs[sector].id)).membershipId);
  await Promise.all([
    ...SECTORS.map((s) => join(s, s)),
    ...(['author', 'replier', 'suspended', 'host'] as const).map((k) => join(k, 'GOVERNMENT')),
    t.gqlOk(SET_USER_ROLE, { id: users.moderator.id, role: 'MODERATOR' }, adminAccess),
    ...(['mod2', 'modIn', 'modOut'] as const).map((k) => t.gqlOk(SET_USER_ROLE, { id: users[k].id, role: 'MODERATOR' }, adminAccess)),
  ]);
  const limit = (key: 'modIn' | 'modOut', topicIds: string[]) => t.gqlOk(SET_MODERATOR_TOPICS, { id: users[key].id, topicIds }, adminAccess);
  await Promise.all([limit('modIn', [topics.reads, topics.writes]), limit('modOut', [topics.elsewhere])]);
  await t.gqlOk(SUSPEND, { id: users.suspended.id, until: tomorrow(), reason: 'Authorization matrix' }, adminAccess);

  const accounts: Record<ViewerKey, Account | null> = {
    anonymous: null,
    unverified: users.unverified,
    unaffiliated: users.unaffiliated,
    GOVERNMENT: users.GOVERNMENT,
    IGO: users.IGO,
    NGO: users.NGO,
    ACADEMIA: users.ACADEMIA,
    PRIVATE_SECTOR: users.PRIVATE_SECTOR,
    author: users.author,
    EXPERT: users.expert,
    MODERATOR: users.moderator,
    topicMODERATOR: users.modIn,
    elsewhereMODERATOR: users.modOut,
    ADMIN: admin,
    unverifiedADMIN: users.unverifiedAdmin,
    suspended: users.suspended,
  };
  const tokens = Object.fromEntries(VIEWERS.map((v) => [v, accounts[v]?.token ?? null])) as Record<ViewerKey, string | null>;
  return { t, smtp, admin, tokens, accounts, users, orgs, memberships, expertProfiles: { expert: expert.profileId, host: host.profileId }, topics };
}
