/**
 * Fills a migrated database with the benchmark data, in SQL (generate_series), set-based:
 * users (the password hash of one really registered account, so they can sign in), organizations
 * with approved memberships across the five sectors, threads in the real topic tree (mostly
 * PUBLIC), replies and votes; every denormalized counter is computed exactly as the application
 * keeps it (thread post_count, score, last activity and poster, accepted answer; post score;
 * topic thread_count; organization member_count; answer reputation; the author watching each
 * thread). A marker table records the generator's version and sizes: an equal marker skips it.
 */
import { createHash } from 'node:crypto';
import { ADMIN_USER, bigThreadCount, COMMON, FILLER, MEDIUM_TERMS, POSTS_PER_BIG_THREAD, rareTermCount, VIEWER_USER } from './model.mjs';

const SECTORS = `ARRAY['GOVERNMENT','IGO','NGO','ACADEMIA','PRIVATE_SECTOR']`;
const COUNTRIES = `ARRAY['GH','PE','ID','CO','TZ','BF','PH','MN']`;
const sqlText = (s) => `'${s.replace(/'/g, "''")}'`;
const FILLER_ARRAY = `ARRAY[${FILLER.map(sqlText).join(',')}]`;

/** Pseudo-random non-negative int of a bigint seed (inlined by the planner). */
const h = (seed) => `pg_temp.bh(${seed})`;
const word = (seed) => `(${FILLER_ARRAY})[1 + ${h(seed)} % ${FILLER.length}]`;

/** A paragraph of plain words (no Markdown syntax): its HTML is exactly `<p>text</p>`. */
function paragraph(label, s, rare) {
  const commons = COMMON.map(([w, every], i) => `CASE WHEN ${h(`${s} + ${i + 1}`)} % ${every} = 0 THEN '${w}' END`);
  return `concat_ws(' ', ${label}, ${commons.join(', ')}, ${word(`${s} + 7`)}, ${word(`${s} + 8`)},
            'at site' || (${h(`${s} + 9`)} % ${MEDIUM_TERMS}) || ';', ${word(`${s} + 10`)}, ${word(`${s} + 11`)}, 'and',
            ${word(`${s} + 12`)}, ${word(`${s} + 13`)} || ',', 'ref kx' || to_hex(${h(`${s} + 14`)} % ${rare}) || '.')`;
}

/** The statements, in order: [name, sql]. `$1` of the users statement is the copied password hash. */
export function generatorSteps(sizes, now) {
  const U = sizes.users;
  const T = sizes.threads;
  const P = sizes.posts;
  const B = bigThreadCount(sizes);
  const BP = B * POSTS_PER_BIG_THREAD;
  const R = rareTermCount(sizes);
  const G = `'${now.toISOString()}'::timestamptz`;
  const stepMs = Math.floor((365 * 86_400_000) / T);
  return [
    ['hash function', `CREATE OR REPLACE FUNCTION pg_temp.bh(x bigint) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT hashint8(x) & 2147483647'`],
    ['users', `INSERT INTO users (id, email, handle, display_name, password_hash, role, country, languages, created_at, updated_at)
      SELECT md5('bench-user-' || n)::uuid, 'bench-user-' || n || '@bench.example', 'bench-' || n, 'Bench User ' || n, $1,
             (CASE WHEN n = ${ADMIN_USER} THEN 'ADMIN' ELSE 'MEMBER' END)::user_role, (${COUNTRIES})[1 + n % 8], ARRAY['en'],
             ${G} - interval '400 days', ${G} - interval '400 days'
        FROM generate_series(1, ${U}) n`],
    ['organizations', `INSERT INTO organizations (id, name, acronym, sector, country, verified, created_at)
      SELECT md5('bench-org-' || n)::uuid, 'Bench Organization ' || n, 'BO' || n, (${SECTORS})[1 + n % 5]::sector,
             (${COUNTRIES})[1 + n % 8], true, ${G} - interval '400 days'
        FROM generate_series(1, ${sizes.orgs}) n`],
    ['memberships (approved, 90% of users)', `INSERT INTO memberships (user_id, organization_id, status, org_role, decided_at, created_at)
      SELECT md5('bench-user-' || n)::uuid, md5('bench-org-' || (1 + n % ${sizes.orgs}))::uuid, 'APPROVED', 'MEMBER',
             ${G} - interval '390 days', ${G} - interval '395 days'
        FROM generate_series(1, ${U}) n WHERE n % 10 <> 0`],
    ['organizations.member_count', `UPDATE organizations o SET member_count = c.n
        FROM (SELECT organization_id, count(*)::int AS n FROM memberships WHERE status = 'APPROVED' GROUP BY organization_id) c
       WHERE c.organization_id = o.id`],
    ['login sessions (one refresh-token family per user)', `INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at, created_at)
      SELECT md5('bench-refresh-' || n), md5('bench-family-' || n)::uuid, md5('bench-user-' || n)::uuid, ${G} + interval '365 days', ${G}
        FROM generate_series(1, ${U}) n`],
    ['staging: threads', `CREATE TEMP TABLE bt AS
      SELECT n, md5('bench-thread-' || n)::uuid AS id, md5('bench-user-' || a.author)::uuid AS author_id, a.author,
             CASE WHEN n % 20 = 0 THEN 'ANNOUNCEMENT' WHEN n % 2 = 0 THEN 'QUESTION' ELSE 'DISCUSSION' END AS kind,
             CASE n % 20 WHEN 1 THEN 'MEMBERS' WHEN 2 THEN 'MEMBERS' WHEN 3 THEN 'SECTORS' ELSE 'PUBLIC' END AS scope,
             CASE WHEN n % 20 = 3 THEN ARRAY[(${SECTORS})[1 + n % 5]] ELSE '{}' END AS sectors,
             CASE n % 40 WHEN 7 THEN 'fr' WHEN 13 THEN 'es' WHEN 21 THEN 'pt' ELSE 'en' END AS lang,
             CASE WHEN n % 7 = 0 THEN ARRAY['mercury-free'] WHEN n % 11 = 0 THEN ARRAY['retorts', 'health'] ELSE '{}' END AS tags,
             n % 25000 = 17 AS pinned,
             tp.ids[1 + ${h('n * 16 + 3')} % tp.c] AS topic_id,
             (${G} - ((${T} - n + 1)::float8 * ${stepMs}) * interval '1 millisecond')::timestamptz(3) AS created_at
        FROM generate_series(1, ${T}) n
        CROSS JOIN (SELECT array_agg(id ORDER BY slug) AS ids, count(*)::int AS c FROM topics) tp
        CROSS JOIN LATERAL (SELECT 1 + ${h('n * 16 + 4')} % ${U} AS author) a`],
    ['staging: index', `CREATE UNIQUE INDEX ON bt (n)`],
    ['staging: replies', `CREATE TEMP TABLE bp AS
      SELECT p, md5('bench-post-' || p)::uuid AS id, x.thread_n, x.author, md5('bench-user-' || x.author)::uuid AS author_id,
             (CASE WHEN p <= ${BP} THEN bt.created_at + ((p - 1) % ${POSTS_PER_BIG_THREAD} + 1) * interval '1 minute'
                   ELSE bt.created_at + (${G} - bt.created_at) * ((${h('p * 16 + 6')} % 1000 + 1) / 1002.0) END)::timestamptz(3) AS created_at
        FROM generate_series(1, ${P}) p
        CROSS JOIN LATERAL (SELECT CASE WHEN p <= ${BP} THEN (p - 1) / ${POSTS_PER_BIG_THREAD} + 1 ELSE ${B + 1} + ${h('p * 16 + 15')} % ${T - B} END AS thread_n,
                                   1 + ${h('p * 16 + 5')} % ${U} AS author) x
        JOIN bt ON bt.n = x.thread_n`],
    ['staging: index', `CREATE UNIQUE INDEX ON bp (p)`],
    ['staging: votes', `CREATE TEMP TABLE bv AS
      SELECT DISTINCT ON (v.p, v.u) v.p, v.u, v.value, bp.id AS post_id, md5('bench-user-' || v.u)::uuid AS user_id,
             least(bp.created_at + interval '1 hour', ${G}) AS created_at
        FROM (SELECT 0 AS src, p, ${VIEWER_USER} AS u, CASE WHEN p % 9 = 0 THEN -1 ELSE 1 END AS value
                FROM generate_series(3, ${BP}, 3) p
              UNION ALL
              SELECT 1, 1 + ${h('v * 4 + 1')} % ${P}, 1 + ${h('v * 4 + 2')} % ${U}, CASE WHEN ${h('v * 4 + 3')} % 5 = 0 THEN -1 ELSE 1 END
                FROM generate_series(1, ${Math.floor(P / 2)}) v) v
        JOIN bp ON bp.p = v.p
       WHERE v.u <> bp.author
       ORDER BY v.p, v.u, v.src`],
    ['staging: post scores', `CREATE TEMP TABLE bs AS SELECT p, sum(value)::int AS score FROM bv GROUP BY p`],
    ['staging: index', `CREATE UNIQUE INDEX ON bs (p)`],
    ['staging: accepted answers (a third of the questions)', `CREATE TEMP TABLE acc AS
      SELECT DISTINCT ON (bp.thread_n) bp.thread_n AS n, bp.p, bp.id
        FROM bp JOIN bt ON bt.n = bp.thread_n
       WHERE bt.kind = 'QUESTION' AND bt.n % 3 = 0 AND bp.author <> bt.author
       ORDER BY bp.thread_n, bp.created_at, bp.id`],
    ['staging: thread counters', `CREATE TEMP TABLE ta AS
      SELECT DISTINCT ON (bp.thread_n) bp.thread_n AS n,
             count(*) OVER w AS post_count, coalesce(sum(bs.score) OVER w, 0) AS score,
             bp.author_id AS last_poster_id, bp.created_at AS last_post_at
        FROM bp LEFT JOIN bs ON bs.p = bp.p
      WINDOW w AS (PARTITION BY bp.thread_n)
       ORDER BY bp.thread_n, bp.created_at DESC, bp.id DESC`],
    ['threads', `INSERT INTO threads (id, kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language,
                                      accepted_post_id, pinned, post_count, score, last_activity_at, last_poster_id, created_at)
      SELECT bt.id, bt.kind::thread_kind, x.title, x.body, '<p>' || x.body || '</p>', bt.author_id, bt.topic_id, bt.tags,
             bt.scope::visibility_scope, bt.sectors::sector[], bt.lang, acc.id, bt.pinned,
             coalesce(ta.post_count, 0), coalesce(ta.score, 0), greatest(bt.created_at, coalesce(ta.last_post_at, bt.created_at)),
             ta.last_poster_id, bt.created_at
        FROM bt LEFT JOIN ta ON ta.n = bt.n LEFT JOIN acc ON acc.n = bt.n
        CROSS JOIN LATERAL (SELECT concat_ws(' ', initcap(lower(bt.kind)), bt.n, 'on', ${word('bt.n * 16 + 1')}, 'and', ${word('bt.n * 16 + 2')},
                                             'at site' || (${h('bt.n * 16 + 9')} % ${MEDIUM_TERMS})) AS title,
                                   ${paragraph(`'Thread ' || bt.n || ':'`, `(bt.n * 16 + 1000000000000)`, R)} AS body) x`],
    ['replies', `INSERT INTO posts (id, thread_id, author_id, body, body_html, language, score, accepted, created_at)
      SELECT bp.id, bt.id, bp.author_id, x.body, '<p>' || x.body || '</p>', bt.lang, coalesce(bs.score, 0), acc.p IS NOT NULL, bp.created_at
        FROM bp JOIN bt ON bt.n = bp.thread_n LEFT JOIN bs ON bs.p = bp.p LEFT JOIN acc ON acc.p = bp.p
        CROSS JOIN LATERAL (SELECT ${paragraph(`'Note ' || bp.p || ':'`, 'bp.p * 16', R)} AS body) x`],
    ['votes', `INSERT INTO post_votes (post_id, user_id, value, created_at) SELECT post_id, user_id, value, created_at FROM bv`],
    ['watchers (each author watches their thread)', `INSERT INTO thread_watchers (thread_id, user_id, created_at) SELECT id, author_id, created_at FROM bt`],
    ['topics.thread_count (topic and its subtopics)', `WITH RECURSIVE sub AS (
         SELECT id AS root, id FROM topics UNION ALL SELECT sub.root, c.id FROM topics c JOIN sub ON c.parent_id = sub.id)
       UPDATE topics t SET thread_count = c.n
         FROM (SELECT sub.root, count(th.id)::int AS n FROM sub LEFT JOIN threads th ON th.topic_id = sub.id GROUP BY sub.root) c
        WHERE c.root = t.id`],
    ['answer reputation (the rules of the ExpertNetwork migration)', `INSERT INTO user_reputation (user_id, reputation, answer_count, accepted_answer_count, last_answered_at)
      SELECT p.author_id,
             sum((SELECT coalesce(sum(CASE WHEN v.value > 0 THEN 10 ELSE -2 END), 0) FROM post_votes v WHERE v.post_id = p.id)
                 + CASE WHEN t.accepted_post_id = p.id AND p.author_id <> t.author_id THEN 15 ELSE 0 END)::int,
             count(*)::int,
             (count(*) FILTER (WHERE t.accepted_post_id = p.id AND p.author_id <> t.author_id))::int,
             max(p.created_at)
        FROM posts p JOIN threads t ON t.id = p.thread_id
       WHERE t.kind = 'QUESTION' AND NOT p.deleted
       GROUP BY p.author_id`],
  ];
}

/** Checks on a sample, against what the application's own write paths keep: each failing row count is reported. */
const CHECKS = [
  ['thread counters', `SELECT count(*)::int AS bad FROM (SELECT id FROM threads ORDER BY id LIMIT 2000) s JOIN threads t ON t.id = s.id
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, coalesce(sum(p.score), 0)::int AS score FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted) c
     LEFT JOIN LATERAL (SELECT p.author_id, p.created_at FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted ORDER BY p.created_at DESC, p.id DESC LIMIT 1) l ON true
    WHERE (t.post_count, t.score, t.last_poster_id, t.last_activity_at)
          IS DISTINCT FROM (c.n, c.score, l.author_id, greatest(t.created_at, coalesce(l.created_at, t.created_at)))`],
  ['post scores', `SELECT count(*)::int AS bad FROM (SELECT id FROM posts ORDER BY id LIMIT 5000) s JOIN posts p ON p.id = s.id
    WHERE p.score <> (SELECT coalesce(sum(value), 0) FROM post_votes v WHERE v.post_id = p.id)`],
  ['accepted answers', `SELECT count(*)::int AS bad FROM threads t WHERE t.accepted_post_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = t.accepted_post_id AND p.thread_id = t.id AND p.accepted)`],
  ['own votes', `SELECT count(*)::int AS bad FROM (SELECT * FROM post_votes ORDER BY post_id LIMIT 5000) v JOIN posts p ON p.id = v.post_id WHERE p.author_id = v.user_id`],
  ['body_html', `SELECT count(*)::int AS bad FROM (SELECT body, body_html FROM posts ORDER BY id LIMIT 1000) p WHERE p.body_html <> '<p>' || p.body || '</p>'`],
];

/** Tables whose secondary indexes are dropped during the load and rebuilt after it (same definitions). */
const LOADED_TABLES = ['threads', 'posts', 'post_votes', 'thread_watchers'];

export const MARKER_TABLE = 'bench_marker';

/** The generator's identity: a change of its SQL or of the sizes means new data. */
export function generatorVersion(sizes) {
  const sql = generatorSteps(sizes, new Date(0)).map(([, s]) => s).join(';');
  return createHash('sha256').update(sql + JSON.stringify(sizes)).digest('hex').slice(0, 16);
}

/** The marker row of an existing database (null when there is none). */
export async function readMarker(client) {
  const exists = (await client.query(`SELECT to_regclass('public.${MARKER_TABLE}') AS t`)).rows[0].t;
  if (!exists) return null;
  return (await client.query(`SELECT version, sizes, generated_at, seconds FROM ${MARKER_TABLE} LIMIT 1`)).rows[0] ?? null;
}

/**
 * Generates the data with `client` (a pg Client on the migrated database). `passwordHash` is the
 * hash of BENCH_PASSWORD, copied from a registered user; `renderMarkdown` is the application's
 * renderer, to prove the stored HTML is what it would have written.
 */
export async function generate(client, { sizes, passwordHash, renderMarkdown, log = console.log }) {
  const started = Date.now();
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const timed = async (name, sql, params) => {
    const t0 = Date.now();
    await client.query(sql, params);
    log(`  ${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };
  // FK checks and triggers off during the bulk load (the data is consistent by construction, and
  // threads reference their accepted reply before the replies exist); secondary indexes rebuilt after.
  await client.query(`SET session_replication_role = replica`);
  await client.query(`SET maintenance_work_mem = '256MB'`);
  const indexes = (
    await client.query(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      [LOADED_TABLES],
    )
  ).rows;
  for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
  for (const [name, sql] of generatorSteps(sizes, now)) await timed(name, sql, name === 'users' ? [passwordHash] : undefined);
  await verifyEmails(client);
  for (const { indexname, indexdef } of indexes) await timed(`index ${indexname}`, indexdef);
  await client.query(`SET session_replication_role = DEFAULT`);
  for (const t of ['users', 'memberships', 'organizations', 'refresh_tokens', ...LOADED_TABLES, 'topics', 'user_reputation']) await timed(`vacuum analyze ${t}`, `VACUUM (ANALYZE) ${t}`);

  for (const [name, sql] of CHECKS) {
    const bad = (await client.query(sql)).rows[0].bad;
    if (bad !== 0) throw new Error(`generated data failed the check "${name}": ${bad} rows differ from what the application keeps`);
  }
  const sample = (await client.query(`SELECT body, body_html FROM posts ORDER BY id LIMIT 20`)).rows;
  for (const { body, body_html } of sample) {
    if (renderMarkdown(body) !== body_html) throw new Error(`generated body_html differs from the application's rendering: ${JSON.stringify(body)}`);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  await client.query(`CREATE TABLE ${MARKER_TABLE} (version text NOT NULL, sizes jsonb NOT NULL, generated_at timestamptz NOT NULL DEFAULT now(), seconds int NOT NULL)`);
  await client.query(`INSERT INTO ${MARKER_TABLE} (version, sizes, seconds) VALUES ($1, $2, $3)`, [generatorVersion(sizes), JSON.stringify(sizes), seconds]);
  return seconds;
}

/** Accounts are verified when the schema knows email verification (generated users read and post as verified users). */
async function verifyEmails(client) {
  const columns = (await client.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'users' AND column_name LIKE 'email_verified%'`)).rows;
  for (const { column_name, data_type } of columns) {
    const value = data_type === 'boolean' ? 'true' : 'created_at';
    await client.query(`UPDATE users SET "${column_name}" = ${value} WHERE email LIKE 'bench-user-%'`);
  }
}
