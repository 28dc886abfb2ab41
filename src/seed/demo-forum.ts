import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { REPUTATION, voteWorth } from '../experts/expert-limits';
import { ReputationRepository } from '../experts/reputation.repository';
import { renderMarkdown } from '../forum/content/markdown';
import { ThreadKind } from '../forum/threads/thread-kind.enum';
import type { DemoReply, DemoThread } from './demo-data';

const HOUR = 3_600_000;

export interface PlannedThread {
  id: string;
  key: string;
  kind: ThreadKind;
  title: string;
  body: string;
  body_html: string;
  author_id: string;
  topic_id: string;
  tags: string[];
  visibility_scope: string;
  visibility_sectors: string[];
  language: string;
  pinned: boolean;
  created_at: string;
  last_activity_at: string;
  post_count: number;
  score: number;
  last_poster_id: string | null;
  accepted_post_id: string | null;
}

export interface PlannedPost {
  id: string;
  thread_id: string;
  author_id: string;
  parent_id: string | null;
  body: string;
  body_html: string;
  language: string;
  created_at: string;
  score: number;
  accepted: boolean;
}

export interface PlannedVote {
  post_id: string;
  user_id: string;
  value: number;
}

export interface PlannedReputation {
  user_id: string;
  reputation: number;
  answers: number;
  accepted: number;
  answered_at: string | null;
}

/** The demo forum's rows, made in memory before one statement per table writes them. */
export interface DemoForumPlan {
  threads: PlannedThread[];
  posts: PlannedPost[];
  votes: PlannedVote[];
  reputation: PlannedReputation[];
  /** Threads per topic, before the ancestors are added. */
  topicThreads: Map<string, number>;
  refs: { threads: Map<string, string>; posts: Map<string, string> };
}

/**
 * Plans the demo threads with their replies, votes and accepted answers, with every counter
 * computed as the API's write paths compute it, one event after the other:
 * - a thread (`ThreadsService.insertThread`): its topic and the topic's ancestors count one
 *   thread more, its author watches it;
 * - a reply (`PostsService.insertPost`): the thread's post count, last activity (the latest
 *   reply) and last poster (the reply written last); in a QUESTION thread one answer more for
 *   its author (`ReputationService.recordAnswer`);
 * - a vote (`VotesService.addVote`): a voter votes once on a reply (a repeated voter in the
 *   data adds nothing; nobody votes on their own reply); the reply's and the thread's score;
 *   on an answer, `voteWorth` for its author (`recordVote`);
 * - an acceptance (`AnswersService.markAccepted`, `recordAcceptance`): the reply becomes the
 *   thread's only accepted one; +REPUTATION.accepted and one accepted answer for its author unless
 *   the asker answered themselves, taken back from the previously accepted reply's author.
 * A thread whose author or topic is missing is left out, and so is a reply whose author is
 * missing, with the replies to it. Thread i of n is dated (n − i) × 26 hours before `now`.
 */
export function planDemoForum(threads: readonly DemoThread[], userIds: ReadonlyMap<string, string>, topicIds: ReadonlyMap<string, string>, now: number): DemoForumPlan {
  const plan: DemoForumPlan = { threads: [], posts: [], votes: [], reputation: [], topicThreads: new Map(), refs: { threads: new Map(), posts: new Map() } };
  const reputation = new Map<string, PlannedReputation>();
  const earn = (userId: string, change: { reputation?: number; answers?: number; accepted?: number; answeredAt?: string }) => {
    const r = reputation.get(userId) ?? { user_id: userId, reputation: 0, answers: 0, accepted: 0, answered_at: null };
    r.reputation += change.reputation ?? 0;
    r.answers += change.answers ?? 0;
    r.accepted += change.accepted ?? 0;
    if (change.answeredAt && (!r.answered_at || change.answeredAt > r.answered_at)) r.answered_at = change.answeredAt;
    reputation.set(userId, r);
  };
  for (const [i, demo] of threads.entries()) {
    const authorId = userIds.get(demo.authorKey);
    const topicId = topicIds.get(demo.topicSlug);
    if (!authorId || !topicId) continue;
    const createdAt = new Date(now - (threads.length - i) * 26 * HOUR);
    const kind = demo.kind as ThreadKind;
    const isQuestion = kind === ThreadKind.QUESTION;
    const thread: PlannedThread = {
      id: randomUUID(),
      key: demo.key,
      kind,
      title: demo.title,
      body: demo.body,
      body_html: renderMarkdown(demo.body),
      author_id: authorId,
      topic_id: topicId,
      tags: demo.tags,
      visibility_scope: demo.visibility.scope,
      visibility_sectors: demo.visibility.sectors ?? [],
      language: demo.language,
      pinned: demo.pinned ?? false,
      created_at: createdAt.toISOString(),
      last_activity_at: createdAt.toISOString(),
      post_count: 0,
      score: 0,
      last_poster_id: null,
      accepted_post_id: null,
    };
    plan.threads.push(thread);
    plan.refs.threads.set(demo.key, thread.id);
    plan.topicThreads.set(topicId, (plan.topicThreads.get(topicId) ?? 0) + 1);
    let at = createdAt.getTime();
    let accepted: PlannedPost | null = null;
    const addReplies = (replies: readonly DemoReply[], parentId: string | null): void => {
      for (const reply of replies) {
        const replyAuthor = userIds.get(reply.authorKey);
        if (!replyAuthor) continue;
        at += 3 * HOUR + (thread.post_count % 5) * 47 * 60_000;
        const postedAt = new Date(Math.min(at, now)).toISOString();
        const post: PlannedPost = {
          id: randomUUID(),
          thread_id: thread.id,
          author_id: replyAuthor,
          parent_id: parentId,
          body: reply.body,
          body_html: renderMarkdown(reply.body),
          language: thread.language,
          created_at: postedAt,
          score: 0,
          accepted: false,
        };
        plan.posts.push(post);
        if (reply.key) plan.refs.posts.set(reply.key, post.id);
        thread.post_count++;
        if (postedAt > thread.last_activity_at) thread.last_activity_at = postedAt;
        thread.last_poster_id = replyAuthor;
        if (isQuestion) earn(replyAuthor, { answers: 1, answeredAt: postedAt });
        const voters = new Set<string>();
        for (const vote of reply.votes ?? []) {
          const voter = userIds.get(vote.voterKey);
          if (!voter || voter === replyAuthor || voters.has(voter)) continue;
          voters.add(voter);
          plan.votes.push({ post_id: post.id, user_id: voter, value: vote.value });
          post.score += vote.value;
          thread.score += vote.value;
          if (isQuestion && voteWorth(vote.value) !== 0) earn(replyAuthor, { reputation: voteWorth(vote.value) });
        }
        if (reply.accepted && isQuestion && accepted !== post) {
          if (replyAuthor !== thread.author_id) earn(replyAuthor, { accepted: 1, reputation: REPUTATION.accepted });
          if (accepted) {
            accepted.accepted = false;
            if (accepted.author_id !== thread.author_id) earn(accepted.author_id, { accepted: -1, reputation: -REPUTATION.accepted });
          }
          post.accepted = true;
          thread.accepted_post_id = post.id;
          accepted = post;
        }
        if (reply.replies?.length) addReplies(reply.replies, post.id);
      }
    };
    addReplies(demo.replies, null);
  }
  // as ReputationRepository.apply: a user whose changes add up to nothing gets no row
  plan.reputation = [...reputation.values()]
    .filter((r) => r.reputation !== 0 || r.answers !== 0 || r.accepted !== 0 || r.answered_at !== null)
    .sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
  return plan;
}

/**
 * Writes a planned demo forum in the caller's transaction: one statement per table (threads,
 * posts, votes, accepted answers, watchers, topic counts, reputation) instead of a dozen per
 * reply. Rows come as one JSON parameter each.
 */
export async function writeDemoForum(manager: EntityManager, plan: DemoForumPlan, reputation: ReputationRepository): Promise<void> {
  if (!plan.threads.length) return;
  await manager.query(
    `INSERT INTO threads (id, kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language, pinned,
                          created_at, last_activity_at, post_count, score, last_poster_id)
     SELECT id, kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language, pinned,
            created_at, last_activity_at, post_count, score, last_poster_id
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, kind thread_kind, title text, body text, body_html text, author_id uuid, topic_id uuid,
            tags text[], visibility_scope visibility_scope, visibility_sectors sector[], language text, pinned boolean,
            created_at timestamptz, last_activity_at timestamptz, post_count int, score int, last_poster_id uuid)`,
    [JSON.stringify(plan.threads)],
  );
  await manager.query(
    `INSERT INTO thread_watchers (thread_id, user_id) SELECT id, author_id FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, author_id uuid) ON CONFLICT DO NOTHING`,
    [JSON.stringify(plan.threads.map((t) => ({ id: t.id, author_id: t.author_id })))],
  );
  // the topics and their ancestors, each counted once per thread below it
  await manager.query(
    `WITH RECURSIVE up AS (
       SELECT x.topic_id AS id, x.n FROM jsonb_to_recordset($1::jsonb) AS x(topic_id uuid, n int)
       UNION ALL SELECT t.parent_id, up.n FROM topics t JOIN up ON t.id = up.id WHERE t.parent_id IS NOT NULL
     )
     UPDATE topics SET thread_count = thread_count + c.n FROM (SELECT id, sum(n)::int AS n FROM up GROUP BY id) c WHERE topics.id = c.id`,
    [JSON.stringify([...plan.topicThreads].map(([topic_id, n]) => ({ topic_id, n })))],
  );
  if (plan.posts.length) {
    // one statement: a reply's parent, in the same statement, is checked at its end
    await manager.query(
      `INSERT INTO posts (id, thread_id, author_id, parent_id, body, body_html, language, created_at, score, accepted)
       SELECT id, thread_id, author_id, parent_id, body, body_html, language, created_at, score, accepted
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, thread_id uuid, author_id uuid, parent_id uuid, body text, body_html text, language text,
              created_at timestamptz, score int, accepted boolean)`,
      [JSON.stringify(plan.posts)],
    );
  }
  if (plan.votes.length) {
    await manager.query(`INSERT INTO post_votes (post_id, user_id, value) SELECT post_id, user_id, value FROM jsonb_to_recordset($1::jsonb) AS x(post_id uuid, user_id uuid, value smallint)`, [
      JSON.stringify(plan.votes),
    ]);
  }
  const accepted = plan.threads.filter((t) => t.accepted_post_id);
  if (accepted.length) {
    await manager.query(`UPDATE threads SET accepted_post_id = x.accepted_post_id FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, accepted_post_id uuid) WHERE threads.id = x.id`, [
      JSON.stringify(accepted.map((t) => ({ id: t.id, accepted_post_id: t.accepted_post_id }))),
    ]);
  }
  // added to what the users already have, by the table's one writer
  await reputation.apply(
    manager,
    plan.reputation.map((r) => ({ userId: r.user_id, reputation: r.reputation, answers: r.answers, accepted: r.accepted, answeredAt: r.answered_at ? new Date(r.answered_at) : null })),
  );
}
