/**
 * 5. Search over the replies, terms from rare, medium and common buckets, against pgbench running
 * the statements the service sent for each term (recorded, with their parameters inlined), or
 * node:http + pg replaying them on the embedded database.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureStatements, gql } from '../lib/app.mjs';
import { keepFile, statementsFile } from '../lib/files.mjs';
import { warmAndLoad } from '../lib/load.mjs';
import { runPgbench } from '../lib/pgbench.mjs';
import { DATA, stop } from '../lib/proc.mjs';
import { loadCell, ratioOf } from '../lib/report.mjs';
import { int } from '../lib/stats.mjs';
import { FILTER_TOPIC, searchTerms } from '../data/model.mjs';

export const SEARCH = `query Search($query: String!, $filter: SearchFilter, $first: Int) { search(query: $query, filter: $filter, first: $first) {
  pageInfo { hasNextPage endCursor } edges { cursor node { rank snippet thread { id title } post { id } } } } }`;
const COUNT = `query SearchCount($query: String!, $filter: SearchFilter) { search(query: $query, filter: $filter, first: 0) { totalCount } }`;
const TOPIC = `query Topic($slug: String!) { topic(slug: $slug) { id } }`;
const FIRST = 20;
const verifyBody = (b) => b.includes('"edges"') && !b.includes('"errors"');

/** A parameter as a SQL literal (node-postgres sends them as text; the server infers types the same way). */
const literal = (v) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);
const inline = (s) => s.text.replace(/\$(\d+)/g, (_, i) => literal(s.values[Number(i) - 1]));

/** Connections and p95 target (ms) of each bucket (issue 16: at 1,000,000 posts). */
const BUCKETS = {
  rare: { connections: 5, target: 50 },
  medium: { connections: 5, target: 50 },
  common: { connections: 5, target: 300 },
  filtered: { connections: 5, target: 300 },
};

export default {
  id: 5,
  key: 'search',
  async run(ctx) {
    const { baseUrl, proc } = ctx.service; // the recordings happen before any baseline
    const terms = searchTerms(ctx.opts.sizes);
    const dir = join(DATA, 'tmp', 'search');
    mkdirSync(dir, { recursive: true });
    await gql(baseUrl, SEARCH, { query: 'warm', first: 1 });
    const topic = (await gql(baseUrl, TOPIC, { slug: FILTER_TOPIC })).data?.topic?.id;
    if (!topic) throw new Error(`topic ${FILTER_TOPIC} not found`);
    const filterOf = (bucket) => (bucket === 'filtered' ? { topicId: topic } : null);

    const recorded = {};
    const hits = {};
    for (const [bucket, list] of Object.entries(terms)) {
      recorded[bucket] = [];
      hits[bucket] = [];
      for (const term of list) {
        const count = await gql(baseUrl, COUNT, { query: term, filter: filterOf(bucket) });
        if (count.errors) throw new Error(`search ${term}: ${JSON.stringify(count.errors)}`);
        hits[bucket].push(count.data.search.totalCount);
        const captured = await captureStatements(proc, async () => {
          const answer = await gql(baseUrl, SEARCH, { query: term, filter: filterOf(bucket), first: FIRST });
          if (answer.errors) throw new Error(`search ${term}: ${JSON.stringify(answer.errors)}`);
        }, 2);
        recorded[bucket].push({ term, statements: captured.statements });
      }
    }
    const sample = recorded.medium[0];
    if (keepFile('bench/sql/service-search.sql', statementsFile(`search(query: "${sample.term}", first: ${FIRST}) with thread titles, anonymous: every statement, in order`, sample.statements))) {
      ctx.note("5: the service's search statements changed: see `git diff bench/sql/service-search.sql`.");
    }

    const rows = [];
    let raw = null;
    for (const [bucket, { connections, target }] of Object.entries(BUCKETS)) {
      const list = recorded[bucket];
      let i = 0;
      // the service may have been restarted by an embedded baseline: its current address
      const load = {
        pid: ctx.service.pid,
        url: `${ctx.service.baseUrl}/graphql`,
        connections,
        verifyBody,
        timeout: 300,
        requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: SEARCH, variables: { query: list[i++ % list.length].term, filter: filterOf(bucket), first: FIRST } }) }) }],
      };
      const ours = await warmAndLoad(ctx, load);

      let base;
      let label;
      if (!ctx.opts.embedded && ctx.pgbenchVersion) {
        const scripts = list.map((r, k) => {
          const file = join(dir, `${bucket}-${k}.sql`);
          writeFileSync(file, r.statements.map((s) => `${inline(s)};`).join('\n') + '\n');
          return { file };
        });
        label = 'pgbench, the same statements';
        const run = (seconds) => runPgbench({ url: ctx.dbUrl, scripts, clients: connections, seconds });
        await run(ctx.opts.warmup);
        base = await run(ctx.opts.duration);
      } else {
        label = `node:http + pg replaying the same statements${ctx.opts.embedded ? '' : '; pgbench not found'}`;
        await ctx.withDatabaseFree(async () => {
          raw = await ctx.startRawForum();
          try {
            const sets = Object.fromEntries(list.map((r, k) => [`${bucket}-${k}`, r.statements.map((s) => ({ text: s.text, values: s.values }))]));
            await fetch(`${raw.baseUrl}/replay-sets`, { method: 'POST', body: JSON.stringify(sets) });
            let j = 0;
            const rawLoad = {
              pid: raw.pid,
              url: `${raw.baseUrl}/replay/${bucket}-0`,
              method: 'GET',
              connections,
              timeout: 300,
              verifyBody: (b) => b.includes('"rows"'),
              requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/replay/${bucket}-${j++ % list.length}` }) }],
            };
            base = await warmAndLoad(ctx, rawLoad);
          } finally {
            await stop(raw.proc);
          }
        });
      }
      const range = `${int(Math.min(...hits[bucket]))}–${int(Math.max(...hits[bucket]))} hits`;
      rows.push({
        id: `5 ${bucket}`,
        name: `Search, ${bucket === 'filtered' ? `common and medium terms in topic "${FILTER_TOPIC}"` : `${bucket} terms`} (${list.length} terms, ${range}), ${connections} connections`,
        ours: loadCell(ours, 'req/s', { p95: true }),
        baseline: `${label}: ${loadCell(base, 'req/s', { p95: true })}`,
        ratio: ratioOf(ours.rps, base.rps),
        target: `p95 < ${target} ms`,
        met: ours.p95 !== null && ours.p95 < target && !ours.errors,
        raw: { ours, base, terms: list.map((r) => r.term), hits: hits[bucket] },
      });
    }
    ctx.note('5: hits are the service\'s `totalCount`: exact up to 1,000 threads and 1,000 replies, the planner\'s estimate above (README, search).');
    const statements = recorded.medium.map((r) => r.statements.length);
    ctx.note(`5: a search page sends ${Math.min(...statements)}–${Math.max(...statements)} SQL statements (\`bench/sql/service-search.sql\`); terms: ${Object.entries(terms).map(([b, l]) => `${b} ${l.join(', ')}`).join('; ')}.`);
    return rows;
  },
};
