-- postReply to a QUESTION thread: every statement, in order (the request, its transaction, its after-commit work)
-- Recorded from the running service by the bench (bench/probe/sql-probe.cjs); rewritten when it changes.

-- 1
SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector, u.email_verified_at IS NOT NULL AS email_verified,
              CASE WHEN u.role = 'MODERATOR' THEN (
     WITH RECURSIVE scope AS (
       SELECT mt.topic_id AS id FROM moderator_topics mt WHERE mt.user_id = u.id
       UNION SELECT c.id FROM topics c JOIN scope ON c.parent_id = scope.id
     ) SELECT array_agg(id)::text[] FROM scope
   ) END AS topic_scope
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
         LEFT JOIN organizations o ON o.id = m.organization_id
        WHERE u.id = $1
          AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NULL);

-- 2
START TRANSACTION;

-- 3
SELECT id, kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language, accepted_post_id, locked, pinned, hidden, post_count, hidden_post_count, score, last_activity_at, last_poster_id, created_at, edited_at, idempotency_key, request_hash FROM threads WHERE id = $1 FOR NO KEY UPDATE;

-- 4
WITH inserted AS (
         INSERT INTO posts (thread_id, author_id, parent_id, body, body_html, language, idempotency_key, request_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()))
         ON CONFLICT (author_id, idempotency_key) DO NOTHING
         RETURNING id, thread_id, author_id, parent_id, body, body_html, language, score, accepted, deleted, deleted_at, hidden, edit_count, created_at, edited_at, idempotency_key, request_hash
       ), recorded AS (
         UPDATE threads t SET post_count = t.post_count + 1, last_activity_at = greatest(t.last_activity_at, inserted.created_at), last_poster_id = inserted.author_id
              FROM inserted WHERE t.id = inserted.thread_id
            RETURNING t.post_count AS thread_post_count, t.hidden_post_count AS thread_hidden_post_count, t.score AS thread_score, t.last_activity_at AS thread_last_activity_at, t.last_poster_id AS thread_last_poster_id, t.accepted_post_id AS thread_accepted_post_id,
                      (SELECT coalesce(json_agg(v), '[]'::json) FROM (SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector, u.email_verified_at IS NOT NULL AS email_verified,
              CASE WHEN u.role = 'MODERATOR' THEN (
     WITH RECURSIVE scope AS (
       SELECT mt.topic_id AS id FROM moderator_topics mt WHERE mt.user_id = u.id
       UNION SELECT c.id FROM topics c JOIN scope ON c.parent_id = scope.id
     ) SELECT array_agg(id)::text[] FROM scope
   ) END AS topic_scope
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
         LEFT JOIN organizations o ON o.id = m.organization_id
        WHERE u.id IN (SELECT w.user_id FROM thread_watchers w WHERE w.thread_id = t.id)) v) AS thread_watchers
       )
       SELECT inserted.*, a.handle AS author_handle, a.display_name AS author_display_name, recorded.*
         FROM inserted JOIN users a ON a.id = inserted.author_id LEFT JOIN recorded ON true;

-- 5
UPDATE expert_asks SET first_reply_at = $3 WHERE thread_id = $1 AND expert_id = $2 AND first_reply_at IS NULL AND created_at <= $3;

-- 6
INSERT INTO notifications (recipient_id, email_state, type, actor_id, thread_id, post_id, session_id, membership_id)
       SELECT r.recipient_id, (CASE coalesce(s.email_mode, $2::email_notification_mode) WHEN 'OFF' THEN 'NONE' WHEN 'INSTANT' THEN 'PENDING' WHEN 'DAILY_DIGEST' THEN 'DIGEST' END)::notification_email_state, $3, $4, $5, $6, $7, $8
         FROM unnest($1::uuid[]) AS r(recipient_id)
         LEFT JOIN notification_settings s ON s.user_id = r.recipient_id
       ON CONFLICT DO NOTHING
       RETURNING id, recipient_id, email_state, created_at;

-- 7
INSERT INTO user_reputation AS r (user_id, reputation, answer_count, accepted_answer_count, last_answered_at)
       SELECT c.user_id, c.reputation, c.answers, c.accepted, c.answered_at
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::timestamptz[]) AS c(user_id, reputation, answers, accepted, answered_at)
        ORDER BY c.user_id
       ON CONFLICT (user_id) DO UPDATE SET
         reputation = r.reputation + EXCLUDED.reputation,
         answer_count = r.answer_count + EXCLUDED.answer_count,
         accepted_answer_count = r.accepted_answer_count + EXCLUDED.accepted_answer_count,
         last_answered_at = greatest(r.last_answered_at, EXCLUDED.last_answered_at),
         updated_at = now();

-- 8
WITH input AS (
         SELECT i.room, i.type, i.data, i.ord,
                row_number() OVER (PARTITION BY i.room ORDER BY i.ord) AS rn,
                count(*) OVER (PARTITION BY i.room) AS n
           FROM unnest($1::text[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS i(room, type, data, ord)
       ), seqs AS (
         INSERT INTO room_sequences AS s (room, last_seq)
         SELECT room, max(n) FROM input GROUP BY room ORDER BY room COLLATE "C"
         ON CONFLICT (room) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
         RETURNING s.room, s.last_seq
       )
       INSERT INTO room_events (room, seq, type, data)
       SELECT i.room, s.last_seq - i.n + i.rn, i.type, i.data
         FROM input i JOIN seqs s ON s.room = i.room
        ORDER BY i.ord
       RETURNING room, seq, type, data, created_at;

-- 9
COMMIT;

-- 10
UPDATE notifications SET email_state = 'SENDING', email_claimed_at = now(), email_attempts = email_attempts + 1
        WHERE id IN (SELECT id FROM notifications WHERE id = ANY($1::uuid[]) AND email_state = 'PENDING' ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)
       RETURNING id, recipient_id, type, actor_id, thread_id, post_id, session_id, membership_id, read_at, email_state, email_attempts, email_claimed_at, emailed_at, email_error, created_at;

-- 11
SELECT u.id, u.email, u.handle, u.display_name, u.password_hash, u.email_verified_at, u.pending_email, u.role, u.country, u.languages, u.suspended_until, u.is_demo, u.created_at, u.updated_at, s.email_mode
         FROM users u LEFT JOIN notification_settings s ON s.user_id = u.id
        WHERE u.id = ANY($1::uuid[]);

-- 12
SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector, u.email_verified_at IS NOT NULL AS email_verified,
              CASE WHEN u.role = 'MODERATOR' THEN (
     WITH RECURSIVE scope AS (
       SELECT mt.topic_id AS id FROM moderator_topics mt WHERE mt.user_id = u.id
       UNION SELECT c.id FROM topics c JOIN scope ON c.parent_id = scope.id
     ) SELECT array_agg(id)::text[] FROM scope
   ) END AS topic_scope
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
         LEFT JOIN organizations o ON o.id = m.organization_id
        WHERE u.id = ANY($1::uuid[]);

-- 13
SELECT u.id AS id, u.handle AS handle, u.display_name AS display_name, u.role AS role, u.country AS country, u.languages AS languages, u.suspended_until AS suspended_until, u.created_at AS created_at FROM users u WHERE u.id = ANY($1::uuid[]);

-- 14
SELECT "ThreadEntity"."id" AS "ThreadEntity_id", "ThreadEntity"."kind" AS "ThreadEntity_kind", "ThreadEntity"."title" AS "ThreadEntity_title", "ThreadEntity"."body" AS "ThreadEntity_body", "ThreadEntity"."body_html" AS "ThreadEntity_body_html", "ThreadEntity"."author_id" AS "ThreadEntity_author_id", "ThreadEntity"."topic_id" AS "ThreadEntity_topic_id", "ThreadEntity"."tags" AS "ThreadEntity_tags", "ThreadEntity"."visibility_scope" AS "ThreadEntity_visibility_scope", "ThreadEntity"."visibility_sectors" AS "ThreadEntity_visibility_sectors", "ThreadEntity"."language" AS "ThreadEntity_language", "ThreadEntity"."accepted_post_id" AS "ThreadEntity_accepted_post_id", "ThreadEntity"."locked" AS "ThreadEntity_locked", "ThreadEntity"."pinned" AS "ThreadEntity_pinned", "ThreadEntity"."hidden" AS "ThreadEntity_hidden", "ThreadEntity"."post_count" AS "ThreadEntity_post_count", "ThreadEntity"."hidden_post_count" AS "ThreadEntity_hidden_post_count", "ThreadEntity"."score" AS "ThreadEntity_score", "ThreadEntity"."last_activity_at" AS "ThreadEntity_last_activity_at", "ThreadEntity"."last_poster_id" AS "ThreadEntity_last_poster_id", "ThreadEntity"."created_at" AS "ThreadEntity_created_at", "ThreadEntity"."edited_at" AS "ThreadEntity_edited_at", "ThreadEntity"."idempotency_key" AS "ThreadEntity_idempotency_key", "ThreadEntity"."request_hash" AS "ThreadEntity_request_hash" FROM "threads" "ThreadEntity" WHERE (("ThreadEntity"."id" IN ($1)));

-- 15
SELECT "PostEntity"."id" AS "PostEntity_id", "PostEntity"."thread_id" AS "PostEntity_thread_id", "PostEntity"."author_id" AS "PostEntity_author_id", "PostEntity"."parent_id" AS "PostEntity_parent_id", "PostEntity"."body" AS "PostEntity_body", "PostEntity"."body_html" AS "PostEntity_body_html", "PostEntity"."language" AS "PostEntity_language", "PostEntity"."score" AS "PostEntity_score", "PostEntity"."accepted" AS "PostEntity_accepted", "PostEntity"."deleted" AS "PostEntity_deleted", "PostEntity"."deleted_at" AS "PostEntity_deleted_at", "PostEntity"."hidden" AS "PostEntity_hidden", "PostEntity"."edit_count" AS "PostEntity_edit_count", "PostEntity"."created_at" AS "PostEntity_created_at", "PostEntity"."edited_at" AS "PostEntity_edited_at", "PostEntity"."idempotency_key" AS "PostEntity_idempotency_key", "PostEntity"."request_hash" AS "PostEntity_request_hash" FROM "posts" "PostEntity" WHERE (("PostEntity"."id" IN ($1)));

-- 16
UPDATE notifications SET email_state = $2, email_error = $3, emailed_at = CASE WHEN $4 THEN now() ELSE emailed_at END
        WHERE id = ANY($1::uuid[]) AND email_state = 'SENDING';
