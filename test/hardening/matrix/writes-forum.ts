import { flag, post, reply, thread, victim } from './fixtures';
import { Case, contributes, onContent, ownerOrStaff, Prepared, roles, Scope, signedIn, staffOnUsers, unhiding } from './policy';
import { Row, SUSPEND, tomorrow, unique, World } from './world';

/**
 * Mutations of the forum and of moderation. A mutation that changes its target gets a fresh one
 * per cell (built in `prepare`); those that only add (a reply, a vote, a watch) share one.
 */

const HIDE_POST = `mutation($id: ID!) { hidePost(id: $id, reason: "matrix") { id } }`;
const HIDE_THREAD = `mutation($id: ID!) { hideThread(id: $id, reason: "matrix") { id } }`;
const LOCK = `mutation($id: ID!) { lockThread(id: $id, locked: true, reason: "matrix") { id } }`;
const CREATE_THREAD = `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`;
const POST_REPLY = `mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`;
const VOTE = `mutation($id: ID!) { votePost(postId: $id, value: 1) { id } }`;
const WATCH = `mutation($id: ID!) { watchThread(threadId: $id, watching: true) { id } }`;

const asAdmin = (w: World, document: string, variables: Record<string, unknown>) => w.t.gqlOk(document, variables, w.admin.token);

const threadInput = (w: World, kind: string, scope: Scope) => ({
  kind,
  title: `Matrix ${kind.toLowerCase()} ${unique()}`,
  body: `A ${scope} ${kind.toLowerCase()} of the matrix ${unique()}.`,
  topicId: w.topics.writes,
  visibility: { scope, sectors: scope === 'SECTORS' ? ['GOVERNMENT'] : null },
});

/** Restricting to GOVERNMENT: its members (the author among them) and staff; FORBIDDEN for other sectors. */
const notGovernment = { unaffiliated: 'FORBIDDEN', IGO: 'FORBIDDEN', NGO: 'FORBIDDEN', ACADEMIA: 'FORBIDDEN', PRIVATE_SECTOR: 'FORBIDDEN', EXPERT: 'FORBIDDEN' } as const;

/** A fresh target made by `make`, on which the ADMIN ran `moderation` (hide, lock …); the cell's variables are `{ id }`. */
const afterAdmin =
  (moderation: string, make: (w: World) => Promise<string>) =>
  async (w: World): Promise<Prepared> => {
    const id = await make(w);
    await asAdmin(w, moderation, { id });
    return { variables: { id } };
  };

/** postReply in one thread of the author shared by the cells, after the ADMIN ran `moderation` on it (if any). */
const replyIn = (variant: string, expected: Row, opts: { scope?: Scope; moderation?: string } = {}): Case => ({
  operation: 'Mutation.postReply',
  variant,
  document: POST_REPLY,
  setup: async (w) => {
    const id = await thread(w, { scope: opts.scope });
    if (opts.moderation) await asAdmin(w, opts.moderation, { id });
    return { thread: id };
  },
  prepare: (_w, _v, s) => ({ variables: { input: { threadId: s.thread, body: `A reply ${unique()}` } } }),
  expected,
});

export const FORUM_WRITES: Case[] = [
  {
    operation: 'Mutation.acceptAnswer',
    document: `mutation($id: ID!) { acceptAnswer(postId: $id) { id } }`,
    // a reply of someone else to the author's question: the question's author or staff accept it
    prepare: async (w) => ({ variables: { id: await reply(w, await thread(w), w.users.replier.token) } }),
    expected: ownerOrStaff(),
  },
  {
    operation: 'Mutation.askExpert',
    document: `mutation($t: ID!, $e: ID!) { askExpert(threadId: $t, expertId: $e) }`,
    // at most 3 asks per thread: a fresh question per cell; the expert cannot be asked by themselves
    prepare: async (w) => ({ variables: { t: await thread(w), e: w.expertProfiles.expert } }),
    expected: contributes({ EXPERT: 'BAD_USER_INPUT' }),
  },
  { operation: 'Mutation.createThread', variant: 'PUBLIC', document: CREATE_THREAD, prepare: (w) => ({ variables: { input: threadInput(w, 'QUESTION', 'PUBLIC') } }), expected: contributes() },
  {
    operation: 'Mutation.createThread',
    variant: 'SECTORS',
    document: CREATE_THREAD,
    prepare: (w) => ({ variables: { input: threadInput(w, 'DISCUSSION', 'SECTORS') } }),
    expected: contributes(notGovernment),
  },
  {
    operation: 'Mutation.createThread',
    variant: 'ANNOUNCEMENT',
    document: CREATE_THREAD,
    prepare: (w) => ({ variables: { input: threadInput(w, 'ANNOUNCEMENT', 'PUBLIC') } }),
    expected: signedIn('FORBIDDEN', { unverified: 'EMAIL_NOT_VERIFIED', MODERATOR: 'OK', ADMIN: 'OK' }),
  },
  { operation: 'Mutation.deletePost', document: `mutation($id: ID!) { deletePost(id: $id) { id } }`, prepare: async (w) => ({ variables: { id: await post(w) } }), expected: ownerOrStaff() },
  {
    operation: 'Mutation.editPost',
    document: `mutation($id: ID!) { editPost(id: $id, body: "Edited by the matrix.") { id } }`,
    prepare: async (w) => ({ variables: { id: await post(w) } }),
    expected: ownerOrStaff(),
  },
  {
    operation: 'Mutation.editPost',
    variant: 'hidden reply',
    document: `mutation($id: ID!) { editPost(id: $id, body: "Edited by the matrix.") { id } }`,
    prepare: afterAdmin(HIDE_POST, post),
    // a hidden reply reaches only MODERATOR and ADMIN: NOT_FOUND for everyone else, its author included
    expected: signedIn('NOT_FOUND', { MODERATOR: 'OK', ADMIN: 'OK' }),
  },
  {
    operation: 'Mutation.editPost',
    variant: 'locked thread',
    document: `mutation($id: ID!) { editPost(id: $id, body: "Edited by the matrix.") { id } }`,
    prepare: async (w) => {
      const threadId = await thread(w);
      const id = await reply(w, threadId);
      await asAdmin(w, LOCK, { id: threadId });
      return { variables: { id } };
    },
    // a locked thread takes edits from MODERATOR and ADMIN only; the others could not edit it anyway
    expected: ownerOrStaff({ author: 'LOCKED' }),
  },
  ...(['PUBLIC', 'SECTORS'] as Scope[]).map<Case>((scope) => ({
    operation: 'Mutation.flagContent',
    variant: scope,
    document: `mutation($input: FlagContentInput!) { flagContent(input: $input) { id } }`,
    // once per user and target, and three flags hide it: a fresh reply per cell
    prepare: async (w) => ({ variables: { input: { targetType: 'POST', targetId: await post(w, scope), reason: 'OFF_TOPIC' } } }),
    // only what the flagger may see
    expected: onContent(scope, contributes()),
  })),
  { operation: 'Mutation.hidePost', document: HIDE_POST, prepare: async (w) => ({ variables: { id: await post(w) } }), expected: roles('MODERATOR', 'ADMIN') },
  { operation: 'Mutation.hideThread', document: HIDE_THREAD, prepare: async (w) => ({ variables: { id: await thread(w) } }), expected: roles('MODERATOR', 'ADMIN') },
  { operation: 'Mutation.lockThread', document: LOCK, prepare: async (w) => ({ variables: { id: await thread(w) } }), expected: roles('MODERATOR', 'ADMIN') },
  {
    operation: 'Mutation.moveThread',
    document: `mutation($id: ID!, $to: ID!) { moveThread(id: $id, topicId: $to) { id } }`,
    prepare: async (w) => ({ variables: { id: await thread(w), to: w.topics.elsewhere } }),
    // to a topic outside a topic MODERATOR's: only unrestricted staff
    expected: { ...roles('MODERATOR', 'ADMIN'), topicMODERATOR: 'FORBIDDEN' },
  },
  { operation: 'Mutation.pinThread', document: `mutation($id: ID!) { pinThread(id: $id, pinned: true) { id } }`, prepare: async (w) => ({ variables: { id: await thread(w) } }), expected: roles('MODERATOR', 'ADMIN') },
  replyIn('PUBLIC', onContent('PUBLIC', contributes())),
  replyIn('SECTORS', onContent('SECTORS', contributes()), { scope: 'SECTORS' }),
  // a locked thread takes replies from MODERATOR and ADMIN only; a hidden one reaches only them
  replyIn('locked thread', signedIn('LOCKED', { unverified: 'EMAIL_NOT_VERIFIED', MODERATOR: 'OK', ADMIN: 'OK' }), { moderation: LOCK }),
  replyIn('hidden thread', signedIn('NOT_FOUND', { unverified: 'EMAIL_NOT_VERIFIED', MODERATOR: 'OK', ADMIN: 'OK' }), { moderation: HIDE_THREAD }),
  {
    operation: 'Mutation.resolveFlag',
    document: `mutation($id: ID!) { resolveFlag(flagId: $id, uphold: false, note: "matrix") { id } }`,
    prepare: async (w) => ({ variables: { id: await flag(w) } }),
    expected: roles('MODERATOR', 'ADMIN'),
  },
  // suspensions act on users, not content: one target per case (a repeated suspension or lift changes nothing and answers the same)
  {
    operation: 'Mutation.suspendUser',
    document: SUSPEND,
    setup: async (w) => ({ victim: await victim(w) }),
    prepare: (_w, _v, s) => ({ variables: { id: s.victim, until: tomorrow(), reason: 'matrix' } }),
    expected: staffOnUsers(),
  },
  {
    operation: 'Mutation.suspendUser',
    variant: 'a MODERATOR',
    document: SUSPEND,
    setup: async (w) => {
      const id = await victim(w);
      await asAdmin(w, `mutation($id: ID!) { setUserRole(userId: $id, role: MODERATOR) { id } }`, { id });
      return { victim: id };
    },
    prepare: (_w, _v, s) => ({ variables: { id: s.victim, until: tomorrow(), reason: 'matrix' } }),
    // a MODERATOR suspends MEMBERs and EXPERTs; only an ADMIN suspends a MODERATOR
    expected: roles('ADMIN'),
  },
  {
    operation: 'Mutation.unhidePost',
    document: `mutation($id: ID!) { unhidePost(id: $id) { id } }`,
    prepare: afterAdmin(HIDE_POST, post),
    expected: unhiding(),
  },
  {
    operation: 'Mutation.unhideThread',
    document: `mutation($id: ID!) { unhideThread(id: $id) { id } }`,
    prepare: afterAdmin(HIDE_THREAD, thread),
    expected: unhiding(),
  },
  {
    operation: 'Mutation.unsuspendUser',
    document: `mutation($id: ID!) { unsuspendUser(userId: $id) { id } }`,
    setup: async (w) => {
      const id = await victim(w);
      await asAdmin(w, SUSPEND, { id, until: tomorrow(), reason: 'matrix' });
      return { victim: id };
    },
    prepare: (_w, _v, s) => ({ variables: { id: s.victim } }),
    expected: staffOnUsers(),
  },
  {
    operation: 'Mutation.updateThread',
    document: `mutation($id: ID!) { updateThread(id: $id, input: { title: "Retitled by the matrix" }) { id } }`,
    prepare: async (w) => ({ variables: { id: await thread(w) } }),
    expected: ownerOrStaff(),
  },
  ...(['PUBLIC', 'SECTORS'] as Scope[]).map<Case>((scope) => ({
    operation: 'Mutation.votePost',
    variant: scope,
    document: VOTE,
    setup: async (w) => ({ post: await post(w, scope) }),
    prepare: (_w, _v, s) => ({ variables: { id: s.post } }),
    // not on one's own post
    expected: onContent(scope, contributes({ author: 'FORBIDDEN' })),
  })),
  ...(['PUBLIC', 'SECTORS'] as Scope[]).map<Case>((scope) => ({
    operation: 'Mutation.watchThread',
    variant: scope,
    document: WATCH,
    setup: async (w) => ({ thread: await thread(w, { scope }) }),
    prepare: (_w, _v, s) => ({ variables: { id: s.thread } }),
    // following a thread is reading it, not contributing
    expected: onContent(scope, signedIn('OK')),
  })),
];
