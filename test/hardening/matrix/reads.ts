import { APPLY, expertInput } from '../../experts/experts.fixtures';
import { FLAG, ids, liveMessage, post, PROBE, reply, session, thread } from './fixtures';
import { Case, everyone, roles, Scope, SCOPES, scoped, seen, seenByStaff, signedIn, staffOnUsers } from './policy';
import { newAccount, World } from './world';

/**
 * The root queries. Reads that filter (items, lists, search, node) report whether the target is in
 * the answer; the others whether they answer at all. Read targets live in their own topic
 * (`matrix-reads`), so that lists stay short whatever the mutations create elsewhere.
 */

/** The shared read targets: for each scope a QUESTION thread of the author with a reply of the author, and a live session of the host. */
export interface ReadTargets {
  threads: Record<Scope, string>;
  posts: Record<Scope, string>;
  sessions: Record<Scope, string>;
  flagId: string;
  /** Hidden by the ADMIN: a thread of the author, a reply of the author (in a PUBLIC thread), a chat message of the replier. */
  hidden: { thread: string; post: string; message: string };
}

export async function readTargets(w: World): Promise<ReadTargets> {
  const out = { threads: {}, posts: {}, sessions: {} } as ReadTargets;
  await Promise.all(
    SCOPES.map(async (scope) => {
      out.threads[scope] = await thread(w, { scope, topicId: w.topics.reads });
      out.posts[scope] = await reply(w, out.threads[scope]);
      out.sessions[scope] = await session(w, { scope, topicId: w.topics.reads });
    }),
  );
  // something for the staff's lists: a pending expert application, an open flag, a logged action
  const applicant = await newAccount(w.t, w.smtp, 'applicant');
  await w.t.gqlOk(APPLY, { input: expertInput({ topicIds: [w.topics.reads] }) }, applicant.token);
  out.flagId = (await w.t.gqlOk(FLAG, { input: { targetType: 'POST', targetId: await post(w), reason: 'SPAM' } }, w.users.replier.token)).flagContent.id;
  const hide = (what: string, id: string) => w.t.gqlOk(`mutation($id: ID!) { ${what}(id: $id, reason: "matrix") { id } }`, { id }, w.admin.token);
  out.hidden = { thread: await thread(w, { topicId: w.topics.reads }), post: await reply(w, out.threads.PUBLIC), message: await liveMessage(w, await session(w, { live: true })) };
  await hide('hideThread', out.hidden.thread);
  await hide('hidePost', out.hidden.post);
  await hide('hideLiveMessage', out.hidden.message);
  return out;
}

/** One read of hidden content (`pick`: its variables and target). */
const hiddenRead = (operation: string, variant: string, document: string, pick: (h: ReadTargets['hidden'], w: World) => Record<string, unknown>, target: keyof ReadTargets['hidden'], present: Case['present']): Case => ({
  operation,
  variant,
  document,
  prepare: (w, _v, shared) => ({ variables: pick(shared.reads.hidden, w), target: shared.reads.hidden[target] }),
  present,
  expected: seenByStaff(),
});

const host = (w: World) => w.users.host.token;

/** One case per scope: the target is the read target of that scope. */
function byScope(
  operation: string,
  document: string,
  pick: (r: ReadTargets, scope: Scope, w: World) => { variables: Record<string, unknown>; target: string },
  present: (data: any, target: string | undefined) => boolean,
  extra: Partial<Case> = {},
): Case[] {
  return SCOPES.map((scope) => ({
    operation,
    variant: scope,
    document,
    prepare: (w, _v, shared) => pick(shared.reads, scope, w),
    present,
    expected: seen(scope),
    ...extra,
  }));
}

/** The moderation queue and log: every MODERATOR, a topic-limited one seeing only its topics' targets. */
const moderatorsAnywhere = () => ({ ...roles('MODERATOR', 'ADMIN'), elsewhereMODERATOR: 'OK' as const });

export const READS: Case[] = [
  {
    operation: 'Query.me',
    document: `{ me { id } }`,
    prepare: () => ({ variables: {} }),
    present: (d) => !!d.me?.id,
    // null only when anonymous: a suspended or unverified account still sees itself (its suspension, its email)
    expected: everyone('VISIBLE', { anonymous: 'ABSENT' }),
  },
  {
    operation: 'Query.experts',
    document: `{ experts(first: 100) { edges { node { id } } } }`,
    prepare: (w) => ({ variables: {}, target: w.expertProfiles.expert }),
    present: (d, t) => ids(d.experts).includes(t!),
    expected: everyone('VISIBLE'),
  },
  { operation: 'Query.expertApplications', document: `{ expertApplications(first: 5) { totalCount } }`, prepare: () => ({ variables: {} }), expected: staffOnUsers() },
  ...byScope('Query.liveSession', `query($id: ID!) { liveSession(id: $id) { id } }`, (r, s) => ({ variables: { id: r.sessions[s] }, target: r.sessions[s] }), (d, t) => d.liveSession?.id === t, { owner: host }),
  ...byScope(
    'Query.liveSessions',
    `query($topicId: ID) { liveSessions(topicId: $topicId, first: 100) { edges { node { id } } } }`,
    (r, s, w) => ({ variables: { topicId: w.topics.reads }, target: r.sessions[s] }),
    (d, t) => ids(d.liveSessions).includes(t!),
    { owner: host },
  ),
  { operation: 'Query.moderationLog', document: `{ moderationLog(first: 5) { totalCount } }`, prepare: () => ({ variables: {} }), expected: moderatorsAnywhere() },
  { operation: 'Query.moderationQueue', document: `{ moderationQueue(first: 5) { totalCount } }`, prepare: () => ({ variables: {} }), expected: moderatorsAnywhere() },
  { operation: 'Query.myMemberships', document: `{ myMemberships { id } }`, prepare: () => ({ variables: {} }), expected: signedIn('OK') },
  ...byScope('Query.node', `query($id: ID!) { node(id: $id) { id } }`, (r, s) => ({ variables: { id: r.threads[s] }, target: r.threads[s] }), (d, t) => d.node?.id === t),
  ...byScope('Query.nodes', `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, (r, s) => ({ variables: { ids: [r.posts[s]] }, target: r.posts[s] }), (d, t) => d.nodes?.[0]?.id === t),
  { operation: 'Query.notificationSettings', document: `{ notificationSettings { emailMode } }`, prepare: () => ({ variables: {} }), expected: signedIn('OK') },
  { operation: 'Query.notifications', document: `{ notifications(first: 5) { totalCount } }`, prepare: () => ({ variables: {} }), expected: signedIn('OK') },
  {
    operation: 'Query.organization',
    document: `query($id: ID!) { organization(id: $id) { id } }`,
    prepare: (w) => ({ variables: { id: w.orgs.GOVERNMENT.id }, target: w.orgs.GOVERNMENT.id }),
    present: (d, t) => d.organization?.id === t,
    expected: everyone('VISIBLE'),
  },
  {
    operation: 'Query.organizationMemberships',
    document: `query($id: ID!) { organizationMemberships(organizationId: $id, first: 50) { edges { node { id } } } }`,
    prepare: (w) => ({ variables: { id: w.orgs.GOVERNMENT.id } }),
    // an ORG_ADMIN of the organization or an ADMIN; the author is a plain member of it
    expected: signedIn('FORBIDDEN', { ADMIN: 'OK' }),
  },
  {
    operation: 'Query.organizations',
    document: `query($s: String) { organizations(search: $s, first: 100) { edges { node { id } } } }`,
    prepare: (w) => ({ variables: { s: w.orgs.GOVERNMENT.name }, target: w.orgs.GOVERNMENT.id }),
    present: (d, t) => ids(d.organizations).includes(t!),
    expected: everyone('VISIBLE'),
  },
  ...byScope('Query.post', `query($id: ID!) { post(id: $id) { id } }`, (r, s) => ({ variables: { id: r.posts[s] }, target: r.posts[s] }), (d, t) => d.post?.id === t),
  // a VERIFIED expert's list; FORBIDDEN for anyone else
  { operation: 'Query.questionsForMe', document: `{ questionsForMe(first: 5) { totalCount } }`, prepare: () => ({ variables: {} }), expected: signedIn('FORBIDDEN', { EXPERT: 'OK' }) },
  ...byScope(
    'Query.search',
    `query($q: String!, $topicId: ID) { search(query: $q, filter: { topicId: $topicId }, first: 100) { edges { node { thread { id } } } } }`,
    (r, s, w) => ({ variables: { q: PROBE, topicId: w.topics.reads }, target: r.threads[s] }),
    (d, t) => d.search.edges.some((e: any) => e.node.thread.id === t),
  ),
  // a QUESTION the viewer may see; NOT_FOUND otherwise
  ...SCOPES.map<Case>((scope) => ({
    operation: 'Query.suggestedExperts',
    variant: scope,
    document: `query($id: ID!) { suggestedExperts(threadId: $id) { id } }`,
    prepare: (_w, _v, shared) => ({ variables: { id: shared.reads.threads[scope] } }),
    expected: scoped(scope, 'OK', 'NOT_FOUND'),
  })),
  ...byScope('Query.thread', `query($id: ID!) { thread(id: $id) { id } }`, (r, s) => ({ variables: { id: r.threads[s] }, target: r.threads[s] }), (d, t) => d.thread?.id === t),
  ...byScope(
    'Query.threads',
    `query($topicId: ID) { threads(filter: { topicId: $topicId }, first: 100) { edges { node { id } } } }`,
    (r, s, w) => ({ variables: { topicId: w.topics.reads }, target: r.threads[s] }),
    (d, t) => ids(d.threads).includes(t!),
  ),
  {
    operation: 'Query.topic',
    document: `query($slug: String!) { topic(slug: $slug) { id } }`,
    prepare: () => ({ variables: { slug: 'matrix-reads' } }),
    present: (d) => !!d.topic?.id,
    expected: everyone('VISIBLE'),
  },
  {
    operation: 'Query.topics',
    document: `{ topics { id } }`,
    prepare: (w) => ({ variables: {}, target: w.topics.reads }),
    present: (d, t) => d.topics.some((x: any) => x.id === t),
    expected: everyone('VISIBLE'),
  },
  // hidden content reaches only MODERATOR and ADMIN, on every path
  hiddenRead('Query.thread', 'hidden', `query($id: ID!) { thread(id: $id) { id } }`, (h) => ({ id: h.thread }), 'thread', (d, t) => d.thread?.id === t),
  hiddenRead('Query.threads', 'hidden', `query($topicId: ID) { threads(filter: { topicId: $topicId }, first: 100) { edges { node { id } } } }`, (_h, w) => ({ topicId: w.topics.reads }), 'thread', (d, t) => ids(d.threads).includes(t!)),
  hiddenRead(
    'Query.search',
    'hidden',
    `query($q: String!, $topicId: ID) { search(query: $q, filter: { topicId: $topicId }, first: 100) { edges { node { thread { id } } } } }`,
    (_h, w) => ({ q: PROBE, topicId: w.topics.reads }),
    'thread',
    (d, t) => d.search.edges.some((e: any) => e.node.thread.id === t),
  ),
  hiddenRead('Query.post', 'hidden', `query($id: ID!) { post(id: $id) { id } }`, (h) => ({ id: h.post }), 'post', (d, t) => d.post?.id === t),
  hiddenRead('Query.nodes', 'hidden reply', `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, (h) => ({ ids: [h.post] }), 'post', (d, t) => d.nodes?.[0]?.id === t),
  hiddenRead('Query.node', 'hidden chat message', `query($id: ID!) { node(id: $id) { id } }`, (h) => ({ id: h.message }), 'message', (d, t) => d.node?.id === t),
  { operation: 'Query.unreadNotificationCount', document: `{ unreadNotificationCount }`, prepare: () => ({ variables: {} }), expected: signedIn('OK') },
];
