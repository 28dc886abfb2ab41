/**
 * The baseline of scenario 4: the writes of one reply, hand-written, in as few round trips as
 * PostgreSQL allows (8): lock the thread, insert the post, the thread's counters, an expert's
 * first reply, the answer's reputation, then the REPLY notifications to the watchers who may
 * see the thread together with the outbox (room_sequences, room_events for the thread room and
 * each notified user's room) in one statement, and COMMIT. The same writes as the service's
 * transaction (the bench checks the tables against the statements it records from the service).
 *
 * One definition, two drivers: pgbench (bench/pgbench/post-reply.sql is written from it, ids
 * derived from numbers) and node-postgres (raw-forum.mjs, embedded mode).
 */

/** `{name}` placeholders; a statement with `gset` returns `post_id` and `post_at` for the next ones. */
export const REPLY_STATEMENTS = [
  { sql: `BEGIN` },
  { sql: `SELECT id FROM threads WHERE id = {thread} AND NOT locked AND NOT hidden FOR NO KEY UPDATE` },
  {
    sql: `INSERT INTO posts (thread_id, author_id, body, body_html, language)
SELECT t.id, {user}, {body}, '<p>' || {body} || '</p>', t.language FROM threads t WHERE t.id = {thread}
RETURNING id AS post_id, created_at AS post_at`,
    gset: true,
  },
  {
    sql: `UPDATE threads SET post_count = post_count + 1, last_activity_at = greatest(last_activity_at, {post_at}), last_poster_id = {user}
 WHERE id = {thread} RETURNING post_count, score, last_activity_at, last_poster_id, accepted_post_id`,
  },
  { sql: `UPDATE expert_asks SET first_reply_at = {post_at} WHERE thread_id = {thread} AND expert_id = {user} AND first_reply_at IS NULL AND created_at <= {post_at}` },
  {
    sql: `INSERT INTO user_reputation AS r (user_id, reputation, answer_count, accepted_answer_count, last_answered_at)
SELECT {user}, 0, 1, 0, {post_at} FROM threads t WHERE t.id = {thread} AND t.kind = 'QUESTION'
ON CONFLICT (user_id) DO UPDATE SET answer_count = r.answer_count + 1,
  last_answered_at = greatest(r.last_answered_at, EXCLUDED.last_answered_at), updated_at = now()`,
  },
  {
    sql: `WITH notified AS (
  INSERT INTO notifications (recipient_id, email_state, type, actor_id, thread_id, post_id)
  SELECT w.user_id,
         (CASE coalesce(s.email_mode, 'INSTANT') WHEN 'INSTANT' THEN 'PENDING' WHEN 'DAILY_DIGEST' THEN 'DIGEST' ELSE 'NONE' END)::notification_email_state,
         'REPLY', {user}, t.id, {post_id}
    FROM thread_watchers w
    JOIN threads t ON t.id = w.thread_id
    JOIN users u ON u.id = w.user_id
    LEFT JOIN notification_settings s ON s.user_id = w.user_id
    LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
    LEFT JOIN organizations o ON o.id = m.organization_id
   WHERE w.thread_id = {thread} AND w.user_id <> {user}
     AND (u.role IN ('ADMIN', 'MODERATOR') OR (NOT t.hidden AND (t.visibility_scope <> 'SECTORS' OR w.user_id = t.author_id OR o.sector = ANY(t.visibility_sectors))))
  ON CONFLICT DO NOTHING
  RETURNING id, recipient_id, created_at
), input AS (
  SELECT e.room, e.type, e.data, row_number() OVER (PARTITION BY e.room ORDER BY e.ord) AS rn, count(*) OVER (PARTITION BY e.room) AS n, e.ord
    FROM (SELECT 'thread:' || {thread} AS room, 'post.created' AS type, 0 AS ord,
                 jsonb_build_object('postId', {post_id}, 'threadId', {thread}, 'parentId', NULL,
                                    'author', jsonb_build_object('id', u.id, 'handle', u.handle, 'displayName', u.display_name),
                                    'bodyHtml', '<p>' || {body} || '</p>', 'createdAt', {post_at}) AS data
            FROM users u WHERE u.id = {user}
          UNION ALL
          SELECT 'user:' || n.recipient_id, 'notification.created', 1,
                 jsonb_build_object('id', n.id, 'type', 'REPLY', 'threadId', {thread}, 'postId', {post_id}, 'createdAt', n.created_at)
            FROM notified n) e
), seqs AS (
  INSERT INTO room_sequences AS s (room, last_seq)
  SELECT room, max(n) FROM input GROUP BY room ORDER BY room COLLATE "C"
  ON CONFLICT (room) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
  RETURNING s.room, s.last_seq
)
INSERT INTO room_events (room, seq, type, data)
SELECT i.room, s.last_seq - i.n + i.rn, i.type, i.data FROM input i JOIN seqs s ON s.room = i.room ORDER BY i.ord
RETURNING room, seq`,
  },
  { sql: `COMMIT` },
];

/** Tables the transaction writes (INSERT, UPDATE, DELETE), as the bench compares them with the service's. */
export function writtenTables(statements) {
  const tables = new Set();
  for (const s of statements) for (const m of s.matchAll(/\b(?:INSERT INTO|(?<!DO\s)(?<!KEY\s)UPDATE|DELETE FROM)\s+"?([a-z_]+)"?/gi)) tables.add(m[1].toLowerCase());
  return tables;
}

const REPLY_TEXT = ' with field notes on the pilot survey, its results and the next workshop.';

/** The pgbench script: a random public thread (n % 20 not in 1..3) and author (users 3 … 2 + :authors). */
export function pgbenchScript() {
  const values = {
    thread: `md5('bench-thread-' || :tn)::uuid`,
    user: `md5('bench-user-' || :u)::uuid`,
    body: `('Bench reply ' || :tn || '-' || :u || '-' || :client_id || '${REPLY_TEXT}')`,
    post_id: `:post_id::uuid`,
    post_at: `:post_at::timestamptz`,
  };
  const lines = [
    '-- Written by bench/baselines/reply-transaction.mjs (do not edit): scenario 4\'s baseline, the writes of one reply.',
    '-- Variables: -D threads=<threads> -D authors=<authors>.',
    '\\set k random(0, :threads / 20 - 1)',
    '\\set r random(4, 19)',
    '\\set tn 20 * :k + :r',
    '\\set u random(3, 2 + :authors)',
  ];
  for (const s of REPLY_STATEMENTS) {
    const sql = s.sql.replace(/\{(\w+)\}/g, (_, name) => values[name]);
    lines.push(s.gset ? `${sql} \\gset` : `${sql};`);
  }
  return lines.join('\n') + '\n';
}

/** Runs the transaction with node-postgres for user `userId` on thread `threadId`; resolves with { id }. */
export async function runReply(pool, { threadId, userId, body }) {
  const client = await pool.connect();
  const vars = { thread: threadId, user: userId, body, post_id: null, post_at: null };
  try {
    for (const s of REPLY_STATEMENTS) {
      const values = [];
      const names = new Map();
      const sql = s.sql.replace(/\{(\w+)\}/g, (_, name) => {
        if (!names.has(name)) {
          values.push(vars[name]);
          const cast = name === 'post_at' ? '::timestamptz' : name === 'body' ? '::text' : '::uuid';
          names.set(name, `$${values.length}${cast}`);
        }
        return names.get(name);
      });
      const result = await client.query(sql, values);
      if (s.sql.startsWith('SELECT id FROM threads') && result.rowCount !== 1) throw new Error('NOT_FOUND');
      if (s.gset) {
        vars.post_id = result.rows[0].post_id;
        vars.post_at = result.rows[0].post_at;
      }
    }
    return { id: vars.post_id };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
