-- search(query: "site7", first: 20) with thread titles, anonymous: every statement, in order
-- Recorded from the running service by the bench (bench/probe/sql-probe.cjs); rewritten when it changes.

-- 1
WITH tier AS (SELECT t.id AS hit_id, t.id AS thread_id, NULL::uuid AS post_id, t.created_at AS at, ts_rank(t.search_vector, $1::tsquery) AS rank,
               CASE WHEN t.accepted_post_id IS NOT NULL THEN 2 WHEN t.post_count > 0 THEN 1 ELSE 0 END AS answered
              FROM threads t
             WHERE forum_search_serial() AND t.search_vector @@ $1::tsquery AND (t.hidden = false AND t.visibility_scope = 'PUBLIC') AND (t.created_at, t.id) >= ($2::timestamptz, $3::uuid) UNION ALL SELECT p.id AS hit_id, p.thread_id, p.id AS post_id, p.created_at AS at, ts_rank(p.search_vector, $1::tsquery) AS rank, CASE WHEN p.accepted THEN 2 ELSE 0 END AS answered
              FROM posts p CROSS JOIN LATERAL (SELECT * FROM threads t WHERE t.id = p.thread_id OFFSET 0) t
             WHERE forum_search_serial() AND p.search_vector @@ $1::tsquery AND ((t.hidden OR p.hidden) = false AND p.deleted = false AND t.visibility_scope = 'PUBLIC') AND (t.hidden = false AND t.visibility_scope = 'PUBLIC') AND (p.created_at, p.id) >= ($2::timestamptz, $3::uuid))
      SELECT r.thread_id, r.post_id, r.hit_id, r.at, r.rank, r.answered, t.id AS "t__id", t.kind AS "t__kind", t.title AS "t__title", t.body AS "t__body", t.body_html AS "t__body_html", t.author_id AS "t__author_id", t.topic_id AS "t__topic_id", t.tags AS "t__tags", t.visibility_scope AS "t__visibility_scope", t.visibility_sectors AS "t__visibility_sectors", t.language AS "t__language", t.accepted_post_id AS "t__accepted_post_id", t.locked AS "t__locked", t.pinned AS "t__pinned", t.hidden AS "t__hidden", t.post_count AS "t__post_count", t.hidden_post_count AS "t__hidden_post_count", t.score AS "t__score", t.last_activity_at AS "t__last_activity_at", t.last_poster_id AS "t__last_poster_id", t.created_at AS "t__created_at", t.edited_at AS "t__edited_at", t.idempotency_key AS "t__idempotency_key", t.request_hash AS "t__request_hash", p.id AS "p__id", p.thread_id AS "p__thread_id", p.author_id AS "p__author_id", p.parent_id AS "p__parent_id", p.body AS "p__body", p.body_html AS "p__body_html", p.language AS "p__language", p.score AS "p__score", p.accepted AS "p__accepted", p.deleted AS "p__deleted", p.deleted_at AS "p__deleted_at", p.hidden AS "p__hidden", p.edit_count AS "p__edit_count", p.created_at AS "p__created_at", p.edited_at AS "p__edited_at", p.idempotency_key AS "p__idempotency_key", p.request_hash AS "p__request_hash",
             CASE WHEN r.post_id IS NULL THEN ts_headline(forum_ts_config(t.language), translate(CASE WHEN r.post_id IS NULL
                     THEN replace(replace(replace(t.title, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || E'\n' || t.body_html
                     ELSE p.body_html END, E'\uE000\uE001', ''), $1::tsquery, 'StartSel=, StopSel=, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')
                  ELSE ts_headline(forum_ts_config(p.language), translate(CASE WHEN r.post_id IS NULL
                     THEN replace(replace(replace(t.title, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || E'\n' || t.body_html
                     ELSE p.body_html END, E'\uE000\uE001', ''), $1::tsquery, 'StartSel=, StopSel=, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') END AS snippet
        FROM (SELECT * FROM tier r  ORDER BY r.rank DESC, r.answered DESC, r.at DESC, r.hit_id DESC LIMIT $4) r
        JOIN threads t ON t.id = r.thread_id
        LEFT JOIN posts p ON p.id = r.post_id
       ORDER BY r.rank DESC, r.answered DESC, r.at DESC, r.hit_id DESC;
