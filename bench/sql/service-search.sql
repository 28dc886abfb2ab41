-- search(query: "site7", first: 20) with thread titles, anonymous: every statement, in order
-- Recorded from the running service by the bench (bench/probe/sql-probe.cjs); rewritten when it changes.

-- 1
SELECT h.thread_id, h.post_id, h.hit_id, h.rank,
             ts_headline(forum_ts_config(t.language),
                         translate(CASE WHEN h.post_id IS NULL THEN t.title || E'\n' || t.body ELSE p.body END, E'\uE000\uE001', ''),
                         websearch_to_tsquery(forum_ts_config(t.language), $1),
                         'StartSel=, StopSel=, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
        FROM (SELECT * FROM (
      SELECT t.id AS thread_id, NULL::uuid AS post_id, t.id AS hit_id, ts_rank(t.search_vector, websearch_to_tsquery(forum_ts_config(t.language), $1)) AS rank
        FROM threads t
       WHERE t.search_vector @@ (websearch_to_tsquery('pg_catalog.english', $1) || websearch_to_tsquery('pg_catalog.french', $1) || websearch_to_tsquery('pg_catalog.spanish', $1) || websearch_to_tsquery('pg_catalog.portuguese', $1) || websearch_to_tsquery('pg_catalog.indonesian', $1) || websearch_to_tsquery('pg_catalog.simple', $1)) AND t.search_vector @@ websearch_to_tsquery(forum_ts_config(t.language), $1) AND (t.hidden = false AND t.visibility_scope = 'PUBLIC')
      UNION ALL
      SELECT p.thread_id, p.id, p.id, ts_rank(p.search_vector, websearch_to_tsquery(forum_ts_config(p.language), $1))
        FROM posts p JOIN threads t ON t.id = p.thread_id
       WHERE p.search_vector @@ (websearch_to_tsquery('pg_catalog.english', $1) || websearch_to_tsquery('pg_catalog.french', $1) || websearch_to_tsquery('pg_catalog.spanish', $1) || websearch_to_tsquery('pg_catalog.portuguese', $1) || websearch_to_tsquery('pg_catalog.indonesian', $1) || websearch_to_tsquery('pg_catalog.simple', $1)) AND p.search_vector @@ websearch_to_tsquery(forum_ts_config(p.language), $1) AND ((t.hidden OR p.hidden) = false AND p.deleted = false AND t.visibility_scope = 'PUBLIC') AND (t.hidden = false AND t.visibility_scope = 'PUBLIC')) h  ORDER BY h.rank DESC, h.hit_id DESC LIMIT $2) h
        JOIN threads t ON t.id = h.thread_id
        LEFT JOIN posts p ON p.id = h.post_id
       ORDER BY h.rank DESC, h.hit_id DESC;

-- 2
SELECT "ThreadEntity"."id" AS "ThreadEntity_id", "ThreadEntity"."kind" AS "ThreadEntity_kind", "ThreadEntity"."title" AS "ThreadEntity_title", "ThreadEntity"."body" AS "ThreadEntity_body", "ThreadEntity"."body_html" AS "ThreadEntity_body_html", "ThreadEntity"."author_id" AS "ThreadEntity_author_id", "ThreadEntity"."topic_id" AS "ThreadEntity_topic_id", "ThreadEntity"."tags" AS "ThreadEntity_tags", "ThreadEntity"."visibility_scope" AS "ThreadEntity_visibility_scope", "ThreadEntity"."visibility_sectors" AS "ThreadEntity_visibility_sectors", "ThreadEntity"."language" AS "ThreadEntity_language", "ThreadEntity"."accepted_post_id" AS "ThreadEntity_accepted_post_id", "ThreadEntity"."locked" AS "ThreadEntity_locked", "ThreadEntity"."pinned" AS "ThreadEntity_pinned", "ThreadEntity"."hidden" AS "ThreadEntity_hidden", "ThreadEntity"."post_count" AS "ThreadEntity_post_count", "ThreadEntity"."hidden_post_count" AS "ThreadEntity_hidden_post_count", "ThreadEntity"."score" AS "ThreadEntity_score", "ThreadEntity"."last_activity_at" AS "ThreadEntity_last_activity_at", "ThreadEntity"."last_poster_id" AS "ThreadEntity_last_poster_id", "ThreadEntity"."created_at" AS "ThreadEntity_created_at", "ThreadEntity"."edited_at" AS "ThreadEntity_edited_at", "ThreadEntity"."idempotency_key" AS "ThreadEntity_idempotency_key", "ThreadEntity"."request_hash" AS "ThreadEntity_request_hash" FROM "threads" "ThreadEntity" WHERE (("ThreadEntity"."id" IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)));
