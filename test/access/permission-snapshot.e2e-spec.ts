import { Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost, TypeMetadataStorage } from '@nestjs/graphql';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_KEY, AccessRequirement } from '../../src/access/access.decorators';
import { AccessPolicy } from '../../src/access/access-policy';
import { RecordRules } from '../../src/access/record-rules';
import { Role, Sector, VisibilityScope } from '../../src/access/roles';
import { Viewer } from '../../src/access/viewer';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Every root GraphQL operation and what it requires, from the @Public / @SignedIn / @Roles
 * declarations, committed in test/access/permission-snapshot.md so that access changes show up in review.
 *
 * After adding or changing an operation, regenerate and commit the file:
 *
 *   UPDATE_ACCESS_SNAPSHOT=1 npx jest test/access/permission-snapshot.e2e-spec.ts
 *
 * An operation without a declaration fails this test whether or not you regenerate.
 */

const FILE = join(__dirname, 'permission-snapshot.md');

interface Row {
  operation: string;
  requires: string;
  resolver: string;
}

const describeRequirement = (r: AccessRequirement | undefined): string => {
  if (!r) return 'UNDECLARED';
  if (r.kind === 'public') return 'public (anyone, anonymous included)';
  if (r.kind === 'signedIn') return 'signed in, not suspended';
  return `role ${[...r.roles].sort().join(' or ')}, not suspended`;
};

function collect(t: TestApp): Row[] {
  const schema = t.app.get(GraphQLSchemaHost).schema;
  const reflector = t.app.get(Reflector);
  const providers = new Set<unknown>();
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) if (wrapper.metatype) providers.add(wrapper.metatype);
  }
  const byKind = {
    Query: TypeMetadataStorage.getQueriesMetadata(),
    Mutation: TypeMetadataStorage.getMutationsMetadata(),
    Subscription: TypeMetadataStorage.getSubscriptionsMetadata(),
  };
  const rows: Row[] = [];
  for (const kind of ['Query', 'Mutation', 'Subscription'] as const) {
    const type = kind === 'Query' ? schema.getQueryType() : kind === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    for (const name of Object.keys(type?.getFields() ?? {})) {
      const metas = byKind[kind].filter((m) => m.schemaName === name && providers.has(m.target));
      if (metas.length !== 1) {
        rows.push({ operation: `${kind}.${name}`, requires: metas.length ? 'AMBIGUOUS (several resolvers)' : 'UNDECLARED (no resolver found)', resolver: '?' });
        continue;
      }
      const target = metas[0].target as Type<unknown>;
      const handler = (target.prototype as Record<string, unknown>)[metas[0].methodName] as (...args: unknown[]) => unknown;
      const requirement = reflector.getAllAndOverride<AccessRequirement | undefined>(ACCESS_KEY, [handler, target]);
      rows.push({ operation: `${kind}.${name}`, requires: describeRequirement(requirement), resolver: `${target.name}.${metas[0].methodName}` });
    }
  }
  return rows.sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
}

/**
 * Who may see or do what on a record, by viewer, from the access policy and the record rules
 * themselves: a topic-limited MODERATOR in their topics and elsewhere, beside the other roles.
 */
const IN_TOPIC = 'topic-moderated';
const OUT_TOPIC = 'topic-elsewhere';
const person = (id: string, role: Role, extra: Partial<Viewer> = {}): Viewer => ({
  id, role, sector: Sector.NGO, organizationId: 'org', orgRole: null, suspendedUntil: null, ...extra,
});
const RULE_COLUMNS: { label: string; viewer: Viewer | null; topicId: string }[] = [
  { label: 'anonymous', viewer: null, topicId: OUT_TOPIC },
  { label: 'unverified MEMBER', viewer: person('unverified', Role.MEMBER, { emailVerified: false }), topicId: OUT_TOPIC },
  { label: 'MEMBER', viewer: person('member', Role.MEMBER), topicId: OUT_TOPIC },
  { label: 'topic MODERATOR, in its topics', viewer: person('tmod', Role.MODERATOR, { topicScope: new Set([IN_TOPIC]) }), topicId: IN_TOPIC },
  { label: 'topic MODERATOR, elsewhere', viewer: person('tmod', Role.MODERATOR, { topicScope: new Set([IN_TOPIC]) }), topicId: OUT_TOPIC },
  { label: 'MODERATOR', viewer: person('mod', Role.MODERATOR), topicId: OUT_TOPIC },
  { label: 'ADMIN', viewer: person('admin', Role.ADMIN), topicId: OUT_TOPIC },
];
const othersContent = (topicId: string, extra: object = {}) => ({
  visibilityScope: VisibilityScope.PUBLIC, visibilitySectors: [] as Sector[], authorId: 'someone', topicId, hidden: false, ...extra,
});
const RULE_ROWS: [string, (v: Viewer | null, topicId: string) => boolean][] = [
  ['see a PUBLIC thread or reply', (v, topic) => AccessPolicy.canViewContent(v, othersContent(topic))],
  ['see a MEMBERS thread or reply', (v, topic) => AccessPolicy.canViewContent(v, othersContent(topic, { visibilityScope: VisibilityScope.MEMBERS }))],
  ['contribute: post, vote, flag, ask or apply as expert, request a membership', (v) => RecordRules.canContribute(v)],
  ['see a thread of another sector (SECTORS)', (v, topic) => AccessPolicy.canViewContent(v, othersContent(topic, { visibilityScope: VisibilityScope.SECTORS, visibilitySectors: [Sector.GOVERNMENT] }))],
  ['see a hidden thread or reply (and hidden chat)', (v, topic) => AccessPolicy.canViewContent(v, othersContent(topic, { hidden: true }))],
  ['hide, unhide, lock, pin; resolve its flags; see it in the queue and the log', (v, topic) => RecordRules.canModerateIn(v, topic)],
  ['move a thread between two such topics', (v, topic) => RecordRules.canMoveThread(v, topic, topic)],
  ['move a thread from its topics to another', (v, topic) => RecordRules.canMoveThread(v, topic, topic === IN_TOPIC ? OUT_TOPIC : IN_TOPIC)],
  ["edit or delete others' content", (v, topic) => RecordRules.canEditContent(v, { authorId: 'someone', topicId: topic })],
  ['write in a locked thread', (v, topic) => RecordRules.canWriteWhenLocked(v, { topicId: topic })],
  ["accept an answer to others' question", (v, topic) => RecordRules.canAcceptAnswer(v, { authorId: 'someone', topicId: topic })],
  ['post an ANNOUNCEMENT', (v, topic) => RecordRules.canPostAnnouncement(v, { topicId: topic })],
  ['restrict content to any sectors', (v, topic) => RecordRules.canRestrictToSectors(v, [Sector.IGO], { topicId: topic })],
  ["run a live session it does not host (start, end, mute, questions, slow mode)", (v, topic) => RecordRules.canManageLiveSession(v, { hostIds: ['host'], topicId: topic })],
  ['schedule a live session', (v, topic) => RecordRules.canScheduleLiveSession(v, { topicId: topic })],
  ['suspend a MEMBER; review experts; USER flags', (v) => RecordRules.canModerateUsers(v) && RecordRules.canSuspendUser(v, { id: 'm', role: Role.MEMBER })],
  ["see another user's suspension", (v) => RecordRules.canSeeSuspension(v, { id: 'someone' })],
  ["see another user's email (User.email, emailVerified)", (v) => RecordRules.canSeeAccount(v, { id: 'someone' })],
  ['exempt from posting limits', (v) => RecordRules.isExemptFromPostingLimits(v)],
  ['limit a MODERATOR to topics (setModeratorTopics)', (v) => RecordRules.canSetModeratorTopics(v)],
];

function renderRules(): string[] {
  return [
    '## Records by viewer',
    '',
    'Generated from `AccessPolicy` and `RecordRules` (the same functions the services call). A',
    'topic-limited MODERATOR (`setModeratorTopics`) is staff for records of its topics (subtopics',
    'included) and a MEMBER (with its own sector) elsewhere; what concerns users stays with ADMIN and',
    'unrestricted MODERATORs. An unverified MEMBER (email not verified, REQUIRE_EMAIL_VERIFICATION on) reads',
    'like anonymous and contributes nothing. Records are in the column\'s topic and not the viewer\'s own.',
    '',
    `| rule | ${RULE_COLUMNS.map((c) => c.label).join(' | ')} |`,
    `| --- |${RULE_COLUMNS.map(() => ' --- |').join('')}`,
    ...RULE_ROWS.map(([label, rule]) => `| ${label} | ${RULE_COLUMNS.map((c) => (rule(c.viewer, c.topicId) ? 'yes' : 'no')).join(' | ')} |`),
  ];
}

function render(rows: Row[]): string {
  return [
    '# Access snapshot',
    '',
    'Generated by `test/access/permission-snapshot.e2e-spec.ts` from the `@Public()` / `@SignedIn()` / `@Roles(...)`',
    'declarations of every root GraphQL operation. Do not edit by hand; after changing operations run',
    '`UPDATE_ACCESS_SNAPSHOT=1 npx jest test/access/permission-snapshot.e2e-spec.ts` and commit the result.',
    'Suspended users get `SUSPENDED` on every operation that is not public. Operations may refine',
    'access further in their service (ownership, ORG_ADMIN, visibility): see the resolver.',
    '',
    '| operation | requires | resolver |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| \`${r.operation}\` | ${r.requires} | \`${r.resolver}\` |`),
    '',
    ...renderRules(),
    '',
  ].join('\n');
}

describe('access snapshot (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every root operation declares its access requirement', () => {
    const missing = collect(t).filter((r) => /^(UNDECLARED|AMBIGUOUS)/.test(r.requires));
    expect(missing).toEqual([]);
  });

  it('matches the committed snapshot (regenerate with UPDATE_ACCESS_SNAPSHOT=1)', () => {
    const rendered = render(collect(t));
    if (process.env.UPDATE_ACCESS_SNAPSHOT === '1') writeFileSync(FILE, rendered);
    expect(existsSync(FILE)).toBe(true);
    const committed = readFileSync(FILE, 'utf8');
    if (committed !== rendered) {
      throw new Error(
        'The access requirements of the GraphQL operations changed. Review the difference below, then run\n' +
          '  UPDATE_ACCESS_SNAPSHOT=1 npx jest test/access/permission-snapshot.e2e-spec.ts\n' +
          'and commit test/access/permission-snapshot.md.\n\n' +
          diff(committed, rendered),
      );
    }
  });

  it('includes the identity operations with their contract requirements', () => {
    const rows = new Map(collect(t).map((r) => [r.operation, r.requires]));
    expect(rows.get('Query.me')).toMatch(/^public/);
    expect(rows.get('Query.organizations')).toMatch(/^public/);
    expect(rows.get('Query.organization')).toMatch(/^public/);
    expect(rows.get('Mutation.login')).toMatch(/^public/);
    expect(rows.get('Mutation.createOrganization')).toBe('role ADMIN, not suspended');
    expect(rows.get('Mutation.setUserRole')).toBe('role ADMIN, not suspended');
    expect(rows.get('Mutation.requestMembership')).toBe('signed in, not suspended');
    expect(rows.get('Mutation.decideMembership')).toBe('signed in, not suspended');
    expect(rows.get('Mutation.setModeratorTopics')).toBe('role ADMIN, not suspended');
  });

  it('shows the topic-limited MODERATOR: staff in its topics, a MEMBER elsewhere, never on users', () => {
    const column = (label: string) => RULE_COLUMNS.findIndex((c) => c.label === label);
    const [member, inside, outside, moderator] = ['MEMBER', 'topic MODERATOR, in its topics', 'topic MODERATOR, elsewhere', 'MODERATOR'].map(column);
    for (const [label, rule] of RULE_ROWS) {
      const answer = (i: number) => rule(RULE_COLUMNS[i].viewer, RULE_COLUMNS[i].topicId);
      if (label.startsWith('suspend') || label.startsWith("see another user's") || label.startsWith('exempt')) {
        expect([label, answer(inside), answer(outside)]).toEqual([label, answer(member), answer(member)]);
      } else if (label.startsWith('move a thread from') || label.startsWith('limit')) {
        expect([label, answer(inside), answer(outside)]).toEqual([label, false, false]);
      } else {
        expect([label, answer(inside), answer(outside)]).toEqual([label, answer(moderator), answer(member)]);
      }
    }
  });
});

/** A minimal line diff: lines only in the committed file (-) and only in the generated one (+). */
function diff(committed: string, generated: string): string {
  const a = new Set(committed.split('\n'));
  const b = new Set(generated.split('\n'));
  return [...[...a].filter((l) => !b.has(l)).map((l) => `- ${l}`), ...[...b].filter((l) => !a.has(l)).map((l) => `+ ${l}`)].join('\n');
}
