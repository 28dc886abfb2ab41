-- postReply to a QUESTION thread: every statement, in order (the request, its transaction, its after-commit work)
-- Recorded from the running service by the bench (bench/probe/sql-probe.cjs); rewritten when it changes.

-- 1
SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector,
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
SELECT "t"."id" AS "t_id", "t"."kind" AS "t_kind", "t"."title" AS "t_title", "t"."body" AS "t_body", "t"."body_html" AS "t_body_html", "t"."author_id" AS "t_author_id", "t"."topic_id" AS "t_topic_id", "t"."tags" AS "t_tags", "t"."visibility_scope" AS "t_visibility_scope", "t"."visibility_sectors" AS "t_visibility_sectors", "t"."language" AS "t_language", "t"."accepted_post_id" AS "t_accepted_post_id", "t"."locked" AS "t_locked", "t"."pinned" AS "t_pinned", "t"."hidden" AS "t_hidden", "t"."post_count" AS "t_post_count", "t"."hidden_post_count" AS "t_hidden_post_count", "t"."score" AS "t_score", "t"."last_activity_at" AS "t_last_activity_at", "t"."last_poster_id" AS "t_last_poster_id", "t"."created_at" AS "t_created_at", "t"."edited_at" AS "t_edited_at", "t"."idempotency_key" AS "t_idempotency_key", "t"."request_hash" AS "t_request_hash" FROM "threads" "t" WHERE "t"."id" = $1 FOR NO KEY UPDATE;

-- 4
INSERT INTO posts (thread_id, author_id, parent_id, body, body_html, language, idempotency_key, request_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()))
       ON CONFLICT (author_id, idempotency_key) DO NOTHING
       RETURNING id;

-- 5
SELECT "p"."id" AS "p_id", "p"."thread_id" AS "p_thread_id", "p"."author_id" AS "p_author_id", "p"."parent_id" AS "p_parent_id", "p"."body" AS "p_body", "p"."body_html" AS "p_body_html", "p"."language" AS "p_language", "p"."score" AS "p_score", "p"."accepted" AS "p_accepted", "p"."deleted" AS "p_deleted", "p"."deleted_at" AS "p_deleted_at", "p"."hidden" AS "p_hidden", "p"."edit_count" AS "p_edit_count", "p"."created_at" AS "p_created_at", "p"."edited_at" AS "p_edited_at", "p"."idempotency_key" AS "p_idempotency_key", "p"."request_hash" AS "p_request_hash", "a"."id" AS "a_id", "a"."handle" AS "a_handle", "a"."display_name" AS "a_display_name" FROM "posts" "p" LEFT JOIN "users" "a" ON "a"."id"="p"."author_id" WHERE "p"."id" = $1;

-- 6
UPDATE threads SET post_count = post_count + 1, last_activity_at = greatest(last_activity_at, $2), last_poster_id = $3 WHERE id = $1 RETURNING post_count, hidden_post_count, score, last_activity_at, last_poster_id, accepted_post_id;

-- 7
UPDATE expert_asks SET first_reply_at = $3 WHERE thread_id = $1 AND expert_id = $2 AND first_reply_at IS NULL AND created_at <= $3;

-- 8
SELECT user_id FROM thread_watchers WHERE thread_id = $1;

-- 9
SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector,
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

-- 10
SELECT "ThreadEntity"."id" AS "ThreadEntity_id", "ThreadEntity"."kind" AS "ThreadEntity_kind", "ThreadEntity"."title" AS "ThreadEntity_title", "ThreadEntity"."body" AS "ThreadEntity_body", "ThreadEntity"."body_html" AS "ThreadEntity_body_html", "ThreadEntity"."author_id" AS "ThreadEntity_author_id", "ThreadEntity"."topic_id" AS "ThreadEntity_topic_id", "ThreadEntity"."tags" AS "ThreadEntity_tags", "ThreadEntity"."visibility_scope" AS "ThreadEntity_visibility_scope", "ThreadEntity"."visibility_sectors" AS "ThreadEntity_visibility_sectors", "ThreadEntity"."language" AS "ThreadEntity_language", "ThreadEntity"."accepted_post_id" AS "ThreadEntity_accepted_post_id", "ThreadEntity"."locked" AS "ThreadEntity_locked", "ThreadEntity"."pinned" AS "ThreadEntity_pinned", "ThreadEntity"."hidden" AS "ThreadEntity_hidden", "ThreadEntity"."post_count" AS "ThreadEntity_post_count", "ThreadEntity"."hidden_post_count" AS "ThreadEntity_hidden_post_count", "ThreadEntity"."score" AS "ThreadEntity_score", "ThreadEntity"."last_activity_at" AS "ThreadEntity_last_activity_at", "ThreadEntity"."last_poster_id" AS "ThreadEntity_last_poster_id", "ThreadEntity"."created_at" AS "ThreadEntity_created_at", "ThreadEntity"."edited_at" AS "ThreadEntity_edited_at", "ThreadEntity"."idempotency_key" AS "ThreadEntity_idempotency_key", "ThreadEntity"."request_hash" AS "ThreadEntity_request_hash" FROM "threads" "ThreadEntity" WHERE (("ThreadEntity"."id" = $1)) LIMIT 1;

-- 11
SELECT user_id, email_mode FROM notification_settings WHERE user_id = ANY($1::uuid[]);

-- 12
INSERT INTO notifications (recipient_id, email_state, type, actor_id, thread_id, post_id, session_id, membership_id)
       SELECT r.recipient_id, r.email_state, $3, $4, $5, $6, $7, $8
         FROM unnest($1::uuid[], $2::notification_email_state[]) AS r(recipient_id, email_state)
       ON CONFLICT DO NOTHING
       RETURNING id, recipient_id, email_state, created_at;

-- 13
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

-- 14
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

-- 15
COMMIT;

-- 16
UPDATE notifications SET email_state = 'SENDING', email_claimed_at = now(), email_attempts = email_attempts + 1
        WHERE id IN (SELECT id FROM notifications WHERE id = ANY($1::uuid[]) AND email_state = 'PENDING' ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED)
       RETURNING id;

-- 17
SELECT "NotificationEntity"."id" AS "NotificationEntity_id", "NotificationEntity"."recipient_id" AS "NotificationEntity_recipient_id", "NotificationEntity"."type" AS "NotificationEntity_type", "NotificationEntity"."actor_id" AS "NotificationEntity_actor_id", "NotificationEntity"."thread_id" AS "NotificationEntity_thread_id", "NotificationEntity"."post_id" AS "NotificationEntity_post_id", "NotificationEntity"."session_id" AS "NotificationEntity_session_id", "NotificationEntity"."membership_id" AS "NotificationEntity_membership_id", "NotificationEntity"."read_at" AS "NotificationEntity_read_at", "NotificationEntity"."email_state" AS "NotificationEntity_email_state", "NotificationEntity"."email_attempts" AS "NotificationEntity_email_attempts", "NotificationEntity"."email_claimed_at" AS "NotificationEntity_email_claimed_at", "NotificationEntity"."emailed_at" AS "NotificationEntity_emailed_at", "NotificationEntity"."email_error" AS "NotificationEntity_email_error", "NotificationEntity"."created_at" AS "NotificationEntity_created_at" FROM "notifications" "NotificationEntity" WHERE (("NotificationEntity"."id" IN ($1)));

-- 18
SELECT "UserEntity"."id" AS "UserEntity_id", "UserEntity"."email" AS "UserEntity_email", "UserEntity"."handle" AS "UserEntity_handle", "UserEntity"."display_name" AS "UserEntity_display_name", "UserEntity"."password_hash" AS "UserEntity_password_hash", "UserEntity"."role" AS "UserEntity_role", "UserEntity"."country" AS "UserEntity_country", "UserEntity"."languages" AS "UserEntity_languages", "UserEntity"."suspended_until" AS "UserEntity_suspended_until", "UserEntity"."is_demo" AS "UserEntity_is_demo", "UserEntity"."created_at" AS "UserEntity_created_at", "UserEntity"."updated_at" AS "UserEntity_updated_at" FROM "users" "UserEntity" WHERE (("UserEntity"."id" IN ($1)));

-- 19
SELECT user_id, email_mode FROM notification_settings WHERE user_id = ANY($1::uuid[]);

-- 20
SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector,
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

-- 21
SELECT "UserEntity"."id" AS "UserEntity_id", "UserEntity"."email" AS "UserEntity_email", "UserEntity"."handle" AS "UserEntity_handle", "UserEntity"."display_name" AS "UserEntity_display_name", "UserEntity"."password_hash" AS "UserEntity_password_hash", "UserEntity"."role" AS "UserEntity_role", "UserEntity"."country" AS "UserEntity_country", "UserEntity"."languages" AS "UserEntity_languages", "UserEntity"."suspended_until" AS "UserEntity_suspended_until", "UserEntity"."is_demo" AS "UserEntity_is_demo", "UserEntity"."created_at" AS "UserEntity_created_at", "UserEntity"."updated_at" AS "UserEntity_updated_at" FROM "users" "UserEntity" WHERE (("UserEntity"."id" IN ($1)));

-- 22
SELECT "ThreadEntity"."id" AS "ThreadEntity_id", "ThreadEntity"."kind" AS "ThreadEntity_kind", "ThreadEntity"."title" AS "ThreadEntity_title", "ThreadEntity"."body" AS "ThreadEntity_body", "ThreadEntity"."body_html" AS "ThreadEntity_body_html", "ThreadEntity"."author_id" AS "ThreadEntity_author_id", "ThreadEntity"."topic_id" AS "ThreadEntity_topic_id", "ThreadEntity"."tags" AS "ThreadEntity_tags", "ThreadEntity"."visibility_scope" AS "ThreadEntity_visibility_scope", "ThreadEntity"."visibility_sectors" AS "ThreadEntity_visibility_sectors", "ThreadEntity"."language" AS "ThreadEntity_language", "ThreadEntity"."accepted_post_id" AS "ThreadEntity_accepted_post_id", "ThreadEntity"."locked" AS "ThreadEntity_locked", "ThreadEntity"."pinned" AS "ThreadEntity_pinned", "ThreadEntity"."hidden" AS "ThreadEntity_hidden", "ThreadEntity"."post_count" AS "ThreadEntity_post_count", "ThreadEntity"."hidden_post_count" AS "ThreadEntity_hidden_post_count", "ThreadEntity"."score" AS "ThreadEntity_score", "ThreadEntity"."last_activity_at" AS "ThreadEntity_last_activity_at", "ThreadEntity"."last_poster_id" AS "ThreadEntity_last_poster_id", "ThreadEntity"."created_at" AS "ThreadEntity_created_at", "ThreadEntity"."edited_at" AS "ThreadEntity_edited_at", "ThreadEntity"."idempotency_key" AS "ThreadEntity_idempotency_key", "ThreadEntity"."request_hash" AS "ThreadEntity_request_hash" FROM "threads" "ThreadEntity" WHERE (("ThreadEntity"."id" IN ($1)));

-- 23
SELECT "PostEntity"."id" AS "PostEntity_id", "PostEntity"."thread_id" AS "PostEntity_thread_id", "PostEntity"."author_id" AS "PostEntity_author_id", "PostEntity"."parent_id" AS "PostEntity_parent_id", "PostEntity"."body" AS "PostEntity_body", "PostEntity"."body_html" AS "PostEntity_body_html", "PostEntity"."language" AS "PostEntity_language", "PostEntity"."score" AS "PostEntity_score", "PostEntity"."accepted" AS "PostEntity_accepted", "PostEntity"."deleted" AS "PostEntity_deleted", "PostEntity"."deleted_at" AS "PostEntity_deleted_at", "PostEntity"."hidden" AS "PostEntity_hidden", "PostEntity"."edit_count" AS "PostEntity_edit_count", "PostEntity"."created_at" AS "PostEntity_created_at", "PostEntity"."edited_at" AS "PostEntity_edited_at", "PostEntity"."idempotency_key" AS "PostEntity_idempotency_key", "PostEntity"."request_hash" AS "PostEntity_request_hash" FROM "posts" "PostEntity" WHERE (("PostEntity"."id" IN ($1)));

-- 24
UPDATE notifications SET email_state = $2, email_error = $3, emailed_at = CASE WHEN $4 THEN now() ELSE emailed_at END
        WHERE id = ANY($1::uuid[]) AND email_state = 'SENDING';
