import { DataSource } from 'typeorm';
import { GqlResult, TestApp } from '../support/test-app';

/** GraphQL documents of the live-session tests. */
export const SESSION_FIELDS = `id title status scheduledStartAt scheduledEndAt startedAt endedAt capacity rsvpCount viewerHasRsvp participantCount slowModeSeconds summary
  visibility { scope sectors } hosts { id } topic { id } archiveThread { id title body visibility { scope sectors } topic { id } }`;
export const SCHEDULE = `mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { ${SESSION_FIELDS} } }`;
export const UPDATE = `mutation($id: ID!, $input: UpdateLiveSessionInput!) { updateLiveSession(id: $id, input: $input) { ${SESSION_FIELDS} } }`;
export const SESSION = `query($id: ID!) { liveSession(id: $id) { ${SESSION_FIELDS} } }`;
export const SESSIONS = `query($status: LiveSessionStatus, $topicId: ID, $first: Int, $after: String) {
  liveSessions(status: $status, topicId: $topicId, first: $first, after: $after) { totalCount edges { cursor node { id title status } } pageInfo { hasNextPage endCursor } } }`;
export const RSVP = `mutation($id: ID!, $a: Boolean!) { rsvpLiveSession(id: $id, attending: $a) { id rsvpCount viewerHasRsvp } }`;
export const START = `mutation($id: ID!) { startLiveSession(id: $id) { id status startedAt } }`;
export const END = `mutation($id: ID!, $summary: String) { endLiveSession(id: $id, summary: $summary) { ${SESSION_FIELDS} } }`;
export const CANCEL = `mutation($id: ID!) { cancelLiveSession(id: $id) { id status } }`;
export const SEND = `mutation($s: ID!, $body: String!, $key: String) { sendLiveMessage(sessionId: $s, body: $body, idempotencyKey: $key) { id seq body bodyHtml hidden createdAt author { id } } }`;
export const MESSAGES = `query($id: ID!, $after: Int, $last: Int) { liveSession(id: $id) { messages(afterSeq: $after, last: $last) { id seq body author { id } } } }`;
export const ASK = `mutation($s: ID!, $body: String!) { askLiveQuestion(sessionId: $s, body: $body) { id body upvotes status viewerUpvoted author { id } } }`;
export const UPVOTE = `mutation($q: ID!, $u: Boolean!) { upvoteLiveQuestion(questionId: $q, upvote: $u) { id upvotes viewerUpvoted } }`;
export const MODERATE = `mutation($q: ID!, $status: LiveQuestionStatus!, $answer: String) { moderateLiveQuestion(questionId: $q, status: $status, answer: $answer) { id status answer answeredAt } }`;
export const QUESTIONS = `query($id: ID!, $order: LiveQuestionOrder) { liveSession(id: $id) { questions(orderBy: $order) { id body upvotes status viewerUpvoted } } }`;
export const SLOW = `mutation($s: ID!, $n: Int!) { setLiveSlowMode(sessionId: $s, seconds: $n) { id slowModeSeconds } }`;
export const MUTE = `mutation($s: ID!, $u: ID!, $m: Boolean!) { muteLiveParticipant(sessionId: $s, userId: $u, muted: $m) }`;
export const NOTIFICATIONS = `query { notifications(first: 50) { edges { node { id type session { id title } thread { id } } } } }`;

export const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

export function sessionInput(topicId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Demo test session on retorts',
    description: 'Bring your **questions**.',
    topicId,
    scheduledStartAt: inMinutes(120),
    scheduledEndAt: inMinutes(180),
    ...extra,
  };
}

export async function schedule(t: TestApp, token: string, topicId: string, extra: Record<string, unknown> = {}): Promise<any> {
  return (await t.gqlOk<{ scheduleLiveSession: any }>(SCHEDULE, { input: sessionInput(topicId, extra) }, token)).scheduleLiveSession;
}

export const codeOf = (r: GqlResult): string | undefined => r.errors?.[0]?.extensions?.code;

/** Marks a user a VERIFIED expert (role EXPERT and a verified profile), straight in the database. */
export async function makeVerifiedExpert(t: TestApp, userId: string): Promise<void> {
  const db = t.app.get(DataSource);
  await db.query(`UPDATE users SET role = 'EXPERT' WHERE id = $1`, [userId]);
  await db.query(
    `INSERT INTO expert_profiles (user_id, headline, bio, bio_html, display_name, status)
     SELECT id, 'Demo expert', 'Bio', '<p>Bio</p>', display_name, 'VERIFIED' FROM users WHERE id = $1`,
    [userId],
  );
}

/** SESSION_* notifications a user has, by type. */
export async function sessionNotifications(t: TestApp, token: string): Promise<{ type: string; session: { id: string } | null; thread: { id: string } | null }[]> {
  const data = await t.gqlOk<{ notifications: { edges: { node: any }[] } }>(NOTIFICATIONS, {}, token);
  return data.notifications.edges.map((e) => e.node).filter((n) => n.type.startsWith('SESSION_')).map(({ type, session, thread }) => ({ type, session, thread }));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
