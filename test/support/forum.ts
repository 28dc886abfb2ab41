import { randomBytes } from 'node:crypto';
import { CREATE_THREAD, POST_REPLY } from './documents';
import { GqlResult, TestApp } from './test-app';

/** The id of a seeded topic (the topic tree is always seeded). */
export async function topicId(t: TestApp, slug = 'retorts'): Promise<string> {
  const data = await t.gqlOk<{ topic: { id: string } | null }>(`query($slug: String!) { topic(slug: $slug) { id } }`, { slug });
  if (!data.topic) throw new Error(`no topic ${slug}`);
  return data.topic.id;
}

export interface ThreadInput {
  kind?: 'QUESTION' | 'DISCUSSION' | 'ANNOUNCEMENT';
  title?: string;
  body?: string;
  topicId: string;
  tags?: string[];
  visibility?: { scope: 'PUBLIC' | 'MEMBERS' | 'SECTORS'; sectors?: string[] };
  language?: string;
  idempotencyKey?: string;
}

export function threadInput(input: ThreadInput): Record<string, unknown> {
  return {
    kind: 'QUESTION',
    title: `Question ${randomBytes(3).toString('hex')} about retorts`,
    body: 'How do we **capture** mercury vapour when heating amalgam?',
    ...input,
  };
}

export function createThreadRaw(t: TestApp, token: string, input: ThreadInput): Promise<GqlResult<{ createThread: any }>> {
  return t.gql(CREATE_THREAD, { input: threadInput(input) }, token);
}

export async function createThread(t: TestApp, token: string, input: ThreadInput): Promise<any> {
  return (await t.gqlOk<{ createThread: any }>(CREATE_THREAD, { input: threadInput(input) }, token)).createThread;
}

export function replyRaw(t: TestApp, token: string, input: { threadId: string; body?: string; parentId?: string | null; idempotencyKey?: string }): Promise<GqlResult<{ postReply: any }>> {
  return t.gql(POST_REPLY, { input: { body: 'A reply with *Markdown*.', ...input } }, token);
}

export async function reply(t: TestApp, token: string, input: { threadId: string; body?: string; parentId?: string | null; idempotencyKey?: string }): Promise<any> {
  return (await t.gqlOk<{ postReply: any }>(POST_REPLY, { input: { body: 'A reply with *Markdown*.', ...input } }, token)).postReply;
}

export const errorCode = (res: GqlResult): string | undefined => res.errors?.[0]?.extensions?.code;

/** Sets a user's role directly (tests only; setUserRole belongs to another feature). */
export async function setRole(t: TestApp, userId: string, role: 'ADMIN' | 'MODERATOR' | 'EXPERT' | 'MEMBER'): Promise<void> {
  await t.db.query(`UPDATE users SET role = $2 WHERE id = $1`, [userId, role]);
}
