-- Written by bench/baselines/reply-transaction.mjs (do not edit): scenario 4's baseline, the writes of one reply.
-- Variables: -D threads=<threads> -D authors=<authors>.
\set k random(0, :threads / 20 - 1)
\set r random(4, 19)
\set tn 20 * :k + :r
\set u random(3, 2 + :authors)
BEGIN;
SELECT id FROM threads WHERE id = md5('bench-thread-' || :tn)::uuid AND NOT locked AND NOT hidden FOR NO KEY UPDATE;
INSERT INTO posts (thread_id, author_id, body, body_html, language)
SELECT t.id, md5('bench-user-' || :u)::uuid, ('Bench reply ' || :tn || '-' || :u || '-' || :client_id || ' with field notes on the pilot survey, its results and the next workshop.'), '<p>' || ('Bench reply ' || :tn || '-' || :u || '-' || :client_id || ' with field notes on the pilot survey, its results and the next workshop.') || '</p>', t.language FROM threads t WHERE t.id = md5('bench-thread-' || :tn)::uuid
RETURNING id AS post_id, created_at AS post_at \gset
UPDATE threads SET post_count = post_count + 1, last_activity_at = greatest(last_activity_at, :post_at::timestamptz), last_poster_id = md5('bench-user-' || :u)::uuid
 WHERE id = md5('bench-thread-' || :tn)::uuid RETURNING post_count, score, last_activity_at, last_poster_id, accepted_post_id;
UPDATE expert_asks SET first_reply_at = :post_at::timestamptz WHERE thread_id = md5('bench-thread-' || :tn)::uuid AND expert_id = md5('bench-user-' || :u)::uuid AND first_reply_at IS NULL AND created_at <= :post_at::timestamptz;
INSERT INTO user_reputation AS r (user_id, reputation, answer_count, accepted_answer_count, last_answered_at)
SELECT md5('bench-user-' || :u)::uuid, 0, 1, 0, :post_at::timestamptz FROM threads t WHERE t.id = md5('bench-thread-' || :tn)::uuid AND t.kind = 'QUESTION'
ON CONFLICT (user_id) DO UPDATE SET answer_count = r.answer_count + 1,
  last_answered_at = greatest(r.last_answered_at, EXCLUDED.last_answered_at), updated_at = now();
WITH notified AS (
  INSERT INTO notifications (recipient_id, email_state, type, actor_id, thread_id, post_id)
  SELECT w.user_id,
         (CASE coalesce(s.email_mode, 'INSTANT') WHEN 'INSTANT' THEN 'PENDING' WHEN 'DAILY_DIGEST' THEN 'DIGEST' ELSE 'NONE' END)::notification_email_state,
         'REPLY', md5('bench-user-' || :u)::uuid, t.id, :post_id::uuid
    FROM thread_watchers w
    JOIN threads t ON t.id = w.thread_id
    JOIN users u ON u.id = w.user_id
    LEFT JOIN notification_settings s ON s.user_id = w.user_id
    LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
    LEFT JOIN organizations o ON o.id = m.organization_id
   WHERE w.thread_id = md5('bench-thread-' || :tn)::uuid AND w.user_id <> md5('bench-user-' || :u)::uuid
     AND (u.role IN ('ADMIN', 'MODERATOR') OR (NOT t.hidden AND (t.visibility_scope <> 'SECTORS' OR w.user_id = t.author_id OR o.sector = ANY(t.visibility_sectors))))
  ON CONFLICT DO NOTHING
  RETURNING id, recipient_id, created_at
), input AS (
  SELECT e.room, e.type, e.data, row_number() OVER (PARTITION BY e.room ORDER BY e.ord) AS rn, count(*) OVER (PARTITION BY e.room) AS n, e.ord
    FROM (SELECT 'thread:' || md5('bench-thread-' || :tn)::uuid AS room, 'post.created' AS type, 0 AS ord,
                 jsonb_build_object('postId', :post_id::uuid, 'threadId', md5('bench-thread-' || :tn)::uuid, 'parentId', NULL,
                                    'author', jsonb_build_object('id', u.id, 'handle', u.handle, 'displayName', u.display_name),
                                    'bodyHtml', '<p>' || ('Bench reply ' || :tn || '-' || :u || '-' || :client_id || ' with field notes on the pilot survey, its results and the next workshop.') || '</p>', 'createdAt', :post_at::timestamptz) AS data
            FROM users u WHERE u.id = md5('bench-user-' || :u)::uuid
          UNION ALL
          SELECT 'user:' || n.recipient_id, 'notification.created', 1,
                 jsonb_build_object('id', n.id, 'type', 'REPLY', 'threadId', md5('bench-thread-' || :tn)::uuid, 'postId', :post_id::uuid, 'createdAt', n.created_at)
            FROM notified n) e
), seqs AS (
  INSERT INTO room_sequences AS s (room, last_seq)
  SELECT room, max(n) FROM input GROUP BY room ORDER BY room COLLATE "C"
  ON CONFLICT (room) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
  RETURNING s.room, s.last_seq
)
INSERT INTO room_events (room, seq, type, data)
SELECT i.room, s.last_seq - i.n + i.rn, i.type, i.data FROM input i JOIN seqs s ON s.room = i.room ORDER BY i.ord
RETURNING room, seq;
COMMIT;
