import { CREATE_THREAD, POST_REPLY, REGISTER } from '../../support/documents';
import { ASK, SCHEDULE, SEND, sessionInput, START } from '../../live-sessions/live.fixtures';
import { Scope } from './policy';
import { unique, World } from './world';

/**
 * Targets of the matrix, built over GraphQL by their owners: threads and replies by the author
 * (a GOVERNMENT member; SECTORS content is restricted to GOVERNMENT), live sessions by the host (a
 * verified expert, GOVERNMENT member), chat and questions by the replier.
 */

export const PROBE = 'matrixprobe';

const visibility = (scope: Scope) => ({ scope, sectors: scope === 'SECTORS' ? ['GOVERNMENT'] : null });

export async function thread(w: World, opts: { scope?: Scope; kind?: string; topicId?: string; token?: string } = {}): Promise<string> {
  const input = {
    kind: opts.kind ?? 'QUESTION',
    title: `${PROBE} ${opts.scope ?? 'PUBLIC'} ${unique()} retort question`,
    body: `Body of a ${PROBE} thread ${unique()}.`,
    topicId: opts.topicId ?? w.topics.writes,
    visibility: visibility(opts.scope ?? 'PUBLIC'),
  };
  return (await w.t.gqlOk(CREATE_THREAD, { input }, opts.token ?? w.users.author.token)).createThread.id;
}

export async function reply(w: World, threadId: string, token = w.users.author.token): Promise<string> {
  return (await w.t.gqlOk(POST_REPLY, { input: { threadId, body: `A ${PROBE} reply ${unique()}.` } }, token)).postReply.id;
}

/** A reply of the author in a fresh thread of the author. */
export async function post(w: World, scope: Scope = 'PUBLIC', topicId?: string): Promise<string> {
  return reply(w, await thread(w, { scope, topicId }));
}

export async function session(w: World, opts: { scope?: Scope; live?: boolean; topicId?: string } = {}): Promise<string> {
  const input = sessionInput(opts.topicId ?? w.topics.writes, { title: `${PROBE} session ${unique()}`, visibility: visibility(opts.scope ?? 'PUBLIC') });
  const id = (await w.t.gqlOk(SCHEDULE, { input }, w.users.host.token)).scheduleLiveSession.id;
  if (opts.live) await w.t.gqlOk(START, { id }, w.users.host.token);
  return id;
}

export async function liveMessage(w: World, sessionId: string): Promise<string> {
  return (await w.t.gqlOk(SEND, { s: sessionId, body: `Chat ${unique()}`, key: null }, w.users.replier.token)).sendLiveMessage.id;
}

export async function liveQuestion(w: World, sessionId: string, token = w.users.replier.token): Promise<string> {
  return (await w.t.gqlOk(ASK, { s: sessionId, body: `Question ${unique()}?` }, token)).askLiveQuestion.id;
}

export const FLAG = `mutation($input: FlagContentInput!) { flagContent(input: $input) { id } }`;

/** An open flag of the replier on a fresh reply of the author. */
export async function flag(w: World): Promise<string> {
  const input = { targetType: 'POST', targetId: await post(w), reason: 'SPAM', note: null };
  return (await w.t.gqlOk(FLAG, { input }, w.users.replier.token)).flagContent.id;
}

/** A fresh MEMBER nobody else uses (a target of suspensions), not verified (no need). */
export async function victim(w: World): Promise<string> {
  const handle = unique('victim');
  const input = { email: `${handle}@example.org`, password: `pw-${handle}-long-enough`, displayName: `Victim ${handle}`, handle };
  return (await w.t.gqlOk(REGISTER, { input })).register.user.id;
}

/** Ids of a connection's nodes. */
export const ids = (conn: { edges: { node: { id: string } }[] } | null | undefined): string[] => conn?.edges.map((e) => e.node.id) ?? [];
