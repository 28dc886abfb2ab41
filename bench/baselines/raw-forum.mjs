/**
 * Baseline of scenarios 2–5: node:http + pg, hand-written SQL answering the same JSON as the
 * service's GraphQL documents (the bench compares both answers before measuring), with the
 * same rules: who may see a thread (anonymous: PUBLIC, not hidden; a signed-in member:
 * not SECTORS unless author or sector listed; staff: everything), the same keyset cursors, the
 * viewer loaded from the verified access token and its login session checked on each request.
 *
 * Routes: GET /threads?first=N (anonymous), GET /thread?id=…&first=N (Bearer token),
 * POST /reply {threadId, body} (Bearer token; the reply transaction of reply-transaction.mjs),
 * POST /replay-sets {name: [{text, values}]} then GET /replay/<name> (runs recorded statements).
 * Database: DATABASE_URL, or the embedded PGlite of DATA_DIR/pg (started here, as the service
 * starts it). PORT, JWT_SECRET from the environment.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import { runReply } from './reply-transaction.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const { JwtService } = require('@nestjs/jwt');

let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const { startEmbeddedPostgres } = require(join(root, 'dist', 'src', 'platform', 'database', 'embedded-postgres.js'));
  databaseUrl = (await startEmbeddedPostgres(join(process.env.DATA_DIR, 'pg'))).url;
}
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.DB_POOL_SIZE ?? 10) });
const jwt = new JwtService({ secret: process.env.JWT_SECRET });
const verifyOptions = { secret: process.env.JWT_SECRET, algorithms: ['HS256'], issuer: 'asgm-exchange', audience: 'asgm-exchange-api' };

const cursor = (values) => Buffer.from(JSON.stringify(values)).toString('base64url');
const iso = (d) => (d === null ? null : new Date(d).toISOString());

/** The claims of a valid access token, or null (anonymous); throws on a bad token. */
function claimsOf(req) {
  const header = req.headers.authorization;
  if (!header) return null;
  const token = /^Bearer (.+)$/.exec(header)?.[1];
  const payload = jwt.verify(token ?? '', verifyOptions);
  if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || payload.typ !== 'access') throw new Error('bad claims');
  return payload;
}

/** The viewer (role, sector, suspension) of the claims, with the login session still open; SQL with `$1` user, `$2` session. */
const VIEWER = `SELECT u.id, u.role, u.suspended_until, o.sector FROM users u
    LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED' LEFT JOIN organizations o ON o.id = m.organization_id
   WHERE u.id = $1 AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.revoked_at IS NULL)`;

const THREAD_LIST = `SELECT t.id, t.kind, t.title, t.post_count, t.score, t.accepted_post_id, t.pinned, t.last_activity_at, t.created_at,
       u.id AS author_id, u.handle, u.display_name, o.id AS org_id, o.name AS org_name, o.acronym, o.sector,
       tp.id AS topic_id, tp.slug, tp.name AS topic_name
  FROM threads t
  JOIN users u ON u.id = t.author_id
  LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
  LEFT JOIN organizations o ON o.id = m.organization_id
  JOIN topics tp ON tp.id = t.topic_id
 WHERE t.hidden = false AND t.visibility_scope = 'PUBLIC'
 ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC
 LIMIT $1`;
const THREAD_COUNT = `SELECT count(*)::int AS n FROM threads t WHERE t.hidden = false AND t.visibility_scope = 'PUBLIC'`;

async function threadList(url) {
  const first = Number(url.searchParams.get('first') ?? 20);
  const [rows, count] = await Promise.all([pool.query(THREAD_LIST, [first + 1]), pool.query(THREAD_COUNT)]);
  const page = rows.rows.slice(0, first);
  const edges = page.map((r) => ({
    cursor: cursor([r.pinned, iso(r.last_activity_at), r.id]),
    node: {
      id: r.id,
      kind: r.kind,
      title: r.title,
      postCount: r.post_count,
      score: r.score,
      answered: r.accepted_post_id !== null,
      pinned: r.pinned,
      lastActivityAt: iso(r.last_activity_at),
      createdAt: iso(r.created_at),
      author: { id: r.author_id, handle: r.handle, displayName: r.display_name, organization: r.org_id ? { id: r.org_id, name: r.org_name, acronym: r.acronym, sector: r.sector } : null },
      topic: { id: r.topic_id, slug: r.slug, name: r.topic_name },
    },
  }));
  return { data: { threads: { totalCount: count.rows[0].n, pageInfo: { hasNextPage: rows.rows.length > first, endCursor: edges.at(-1)?.cursor ?? null }, edges } } };
}

/** One thread the viewer may see (null otherwise) with its author and topic; `$3` thread, viewer columns from VIEWER as `v`. */
const THREAD = `WITH v AS (${VIEWER.replace(/\n/g, ' ')})
SELECT v.id AS viewer_id, v.role, v.suspended_until, v.sector AS viewer_sector,
       t.id, t.kind, t.title, t.body_html, t.post_count, t.score, t.accepted_post_id, t.created_at, t.last_activity_at, t.hidden,
       t.visibility_scope, t.visibility_sectors::text[] AS visibility_sectors, t.author_id, a.handle, a.display_name, tp.id AS topic_id, tp.slug, tp.name AS topic_name
  FROM v
  LEFT JOIN threads t ON t.id = $3
  LEFT JOIN users a ON a.id = t.author_id
  LEFT JOIN topics tp ON tp.id = t.topic_id`;

const POSTS = `SELECT p.id, p.body_html, p.score, p.accepted, p.created_at, p.hidden, a.id AS author_id, a.handle, a.display_name,
       coalesce(pv.value, 0)::int AS viewer_vote
  FROM posts p
  JOIN users a ON a.id = p.author_id
  LEFT JOIN post_votes pv ON pv.post_id = p.id AND pv.user_id = $2
 WHERE p.thread_id = $1 AND (p.hidden = false OR $3)
 ORDER BY p.created_at, p.id
 LIMIT $4`;

/** The access policy for one viewer and thread (the table in src/access/access-policy.ts); suspended reads as anonymous. */
function canSee(r) {
  const suspended = r.suspended_until !== null && new Date(r.suspended_until) > new Date();
  const staff = !suspended && (r.role === 'ADMIN' || r.role === 'MODERATOR');
  if (staff) return { visible: true, staff };
  if (r.hidden) return { visible: false, staff };
  if (suspended) return { visible: r.visibility_scope === 'PUBLIC', staff };
  if (r.visibility_scope !== 'SECTORS') return { visible: true, staff };
  return { visible: r.author_id === r.viewer_id || (r.viewer_sector !== null && r.visibility_sectors.includes(r.viewer_sector)), staff };
}

async function threadPage(url, claims) {
  if (!claims) throw new Error('this baseline serves signed-in readers');
  const first = Number(url.searchParams.get('first') ?? 20);
  const { rows } = await pool.query(THREAD, [claims.sub, claims.sid, url.searchParams.get('id')]);
  if (!rows.length) throw Object.assign(new Error('The session has ended; sign in again.'), { code: 'UNAUTHENTICATED' });
  const t = rows[0];
  const access = t.id ? canSee(t) : { visible: false };
  if (!access.visible) return { data: { thread: null } };
  const posts = (await pool.query(POSTS, [t.id, t.viewer_id, access.staff, first + 1])).rows;
  const edges = posts.slice(0, first).map((p) => ({
    cursor: cursor([iso(p.created_at), p.id]),
    node: {
      id: p.id,
      bodyHtml: p.body_html,
      score: p.score,
      viewerVote: p.viewer_vote,
      accepted: p.accepted,
      createdAt: iso(p.created_at),
      author: { id: p.author_id, handle: p.handle, displayName: p.display_name },
    },
  }));
  return {
    data: {
      thread: {
        id: t.id,
        kind: t.kind,
        title: t.title,
        bodyHtml: t.body_html,
        postCount: t.post_count,
        score: t.score,
        answered: t.accepted_post_id !== null,
        createdAt: iso(t.created_at),
        lastActivityAt: iso(t.last_activity_at),
        author: { id: t.author_id, handle: t.handle, displayName: t.display_name },
        topic: { id: t.topic_id, slug: t.slug, name: t.topic_name },
        posts: { pageInfo: { hasNextPage: posts.length > first, endCursor: edges.at(-1)?.cursor ?? null }, edges },
      },
    },
  };
}

const replaySets = new Map();

async function replay(name) {
  const statements = replaySets.get(name);
  if (!statements) throw new Error(`no replay set ${name}`);
  const client = await pool.connect();
  try {
    let rows = 0;
    for (const s of statements) rows += (await client.query(s.text, s.values)).rowCount ?? 0;
    return { data: { rows } };
  } finally {
    client.release();
  }
}

const readBody = (req) =>
  new Promise((resolve, reject) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => resolve(raw));
    req.on('error', reject);
  });

createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://localhost');
    let answer;
    if (req.method === 'GET' && url.pathname === '/threads') answer = await threadList(url);
    else if (req.method === 'GET' && url.pathname === '/thread') answer = await threadPage(url, claimsOf(req));
    else if (req.method === 'POST' && url.pathname === '/reply') {
      const claims = claimsOf(req);
      const input = JSON.parse(await readBody(req));
      answer = { data: { postReply: await runReply(pool, { threadId: input.threadId, userId: claims.sub, sessionId: claims.sid, body: input.body }) } };
    } else if (req.method === 'POST' && url.pathname === '/replay-sets') {
      for (const [name, statements] of Object.entries(JSON.parse(await readBody(req)))) replaySets.set(name, statements);
      answer = { data: { sets: replaySets.size } };
    } else if (req.method === 'GET' && url.pathname.startsWith('/replay/')) answer = await replay(decodeURIComponent(url.pathname.slice('/replay/'.length)));
    else if (url.pathname === '/health') answer = { data: { ok: true } };
    else {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.stringify(answer);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  } catch (err) {
    const body = JSON.stringify({ errors: [{ message: String(err?.message ?? err), extensions: { code: err?.code ?? 'INTERNAL_SERVER_ERROR' } }] });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
