import { liveMessage, liveQuestion, session } from './fixtures';
import { Case, contributes, onContent, ownerOrStaff, roles, Scope, signedIn, unhiding } from './policy';
import { unique, World } from './world';

/**
 * Mutations of live sessions. The owner of a session (the `author` column here) is its host, a
 * verified expert who is not the EXPERT column; hosts, MODERATOR and ADMIN run a session.
 */

const host = (w: World) => w.users.host.token;
const HIDE = `mutation($id: ID!) { hideLiveMessage(id: $id, reason: "matrix") { id } }`;
const SCOPED: Scope[] = ['PUBLIC', 'SECTORS'];

export const LIVE_WRITES: Case[] = [
  ...SCOPED.map<Case>((scope) => ({
    operation: 'Mutation.askLiveQuestion',
    variant: scope,
    document: `mutation($s: ID!, $b: String!) { askLiveQuestion(sessionId: $s, body: $b) { id } }`,
    setup: async (w) => ({ session: await session(w, { scope }) }),
    prepare: (_w, _v, s) => ({ variables: { s: s.session, b: `Question ${unique()}?` } }),
    owner: host,
    expected: onContent(scope, contributes()),
  })),
  { operation: 'Mutation.cancelLiveSession', document: `mutation($id: ID!) { cancelLiveSession(id: $id) { id } }`, prepare: async (w) => ({ variables: { id: await session(w) } }), owner: host, expected: ownerOrStaff() },
  {
    operation: 'Mutation.endLiveSession',
    document: `mutation($id: ID!) { endLiveSession(id: $id, summary: "Done.") { id } }`,
    prepare: async (w) => ({ variables: { id: await session(w, { live: true }) } }),
    owner: host,
    expected: ownerOrStaff(),
  },
  {
    operation: 'Mutation.hideLiveMessage',
    document: HIDE,
    prepare: async (w) => ({ variables: { id: await liveMessage(w, await session(w, { live: true })) } }),
    owner: host,
    // the session's hosts may hide messages in it, as staff may
    expected: ownerOrStaff(),
  },
  {
    operation: 'Mutation.moderateLiveQuestion',
    document: `mutation($q: ID!) { moderateLiveQuestion(questionId: $q, status: HIGHLIGHTED) { id } }`,
    prepare: async (w) => ({ variables: { q: await liveQuestion(w, await session(w)) } }),
    owner: host,
    expected: ownerOrStaff(),
  },
  {
    operation: 'Mutation.muteLiveParticipant',
    document: `mutation($s: ID!, $u: ID!) { muteLiveParticipant(sessionId: $s, userId: $u, muted: true) }`,
    setup: async (w) => ({ session: await session(w, { live: true }) }),
    prepare: (w, _v, s) => ({ variables: { s: s.session, u: w.users.replier.id } }),
    owner: host,
    expected: ownerOrStaff(),
  },
  ...(['PUBLIC', 'MEMBERS'] as Scope[]).map<Case>((scope) => ({
    operation: 'Mutation.rsvpLiveSession',
    variant: scope,
    document: `mutation($id: ID!) { rsvpLiveSession(id: $id, attending: true) { id } }`,
    setup: async (w) => ({ session: await session(w, { scope }) }),
    prepare: (_w, _v, s) => ({ variables: { id: s.session } }),
    owner: host,
    // attending is reading, not contributing: whoever may see the session
    expected: onContent(scope, signedIn('OK')),
  })),
  {
    operation: 'Mutation.scheduleLiveSession',
    document: `mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { id } }`,
    prepare: (w) => ({
      variables: {
        input: {
          title: `Matrix session ${unique()}`,
          topicId: w.topics.writes,
          scheduledStartAt: new Date(Date.now() + 7_200_000).toISOString(),
          scheduledEndAt: new Date(Date.now() + 10_800_000).toISOString(),
        },
      },
    }),
    // EXPERT (with a VERIFIED profile), MODERATOR, ADMIN; the author is a MEMBER
    expected: roles('EXPERT', 'MODERATOR', 'ADMIN'),
  },
  ...SCOPED.map<Case>((scope) => ({
    operation: 'Mutation.sendLiveMessage',
    variant: scope,
    document: `mutation($s: ID!, $b: String!) { sendLiveMessage(sessionId: $s, body: $b) { id } }`,
    setup: async (w) => ({ session: await session(w, { scope, live: true }) }),
    prepare: (_w, _v, s) => ({ variables: { s: s.session, b: `Hello ${unique()}` } }),
    owner: host,
    expected: onContent(scope, contributes()),
  })),
  {
    operation: 'Mutation.setLiveSlowMode',
    document: `mutation($s: ID!) { setLiveSlowMode(sessionId: $s, seconds: 0) { id } }`,
    setup: async (w) => ({ session: await session(w, { live: true }) }),
    prepare: (_w, _v, s) => ({ variables: { s: s.session } }),
    owner: host,
    expected: ownerOrStaff(),
  },
  { operation: 'Mutation.startLiveSession', document: `mutation($id: ID!) { startLiveSession(id: $id) { id } }`, prepare: async (w) => ({ variables: { id: await session(w) } }), owner: host, expected: ownerOrStaff() },
  {
    operation: 'Mutation.unhideLiveMessage',
    document: `mutation($id: ID!) { unhideLiveMessage(id: $id) { id } }`,
    prepare: async (w) => {
      const id = await liveMessage(w, await session(w, { live: true }));
      await w.t.gqlOk(HIDE, { id }, w.admin.token);
      return { variables: { id } };
    },
    owner: host,
    // showing a message again is for MODERATOR and ADMIN only: a host never overrules moderators
    expected: unhiding(),
  },
  {
    operation: 'Mutation.updateLiveSession',
    document: `mutation($id: ID!) { updateLiveSession(id: $id, input: { title: "Retitled by the matrix" }) { id } }`,
    prepare: async (w) => ({ variables: { id: await session(w) } }),
    owner: host,
    expected: ownerOrStaff(),
  },
  {
    operation: 'Mutation.upvoteLiveQuestion',
    document: `mutation($q: ID!) { upvoteLiveQuestion(questionId: $q, upvote: true) { id } }`,
    // a question of the author in a session of the host: one upvote per user, not on one's own
    setup: async (w) => ({ question: await liveQuestion(w, await session(w), w.users.author.token) }),
    prepare: (_w, _v, s) => ({ variables: { q: s.question } }),
    expected: contributes({ author: 'FORBIDDEN' }),
  },
];
