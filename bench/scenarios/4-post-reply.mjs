/** 4. Posting replies at 50 connections against pgbench running the same writes (node:http + pg on the embedded database). */
import { join } from 'node:path';
import pg from 'pg';
import { captureStatements, gql } from '../lib/app.mjs';
import { keepFile, statementsFile } from '../lib/files.mjs';
import { warmAndLoad } from '../lib/load.mjs';
import { runPgbench } from '../lib/pgbench.mjs';
import { ROOT, stop } from '../lib/proc.mjs';
import { loadCell, ratioOf } from '../lib/report.mjs';
import { tokenFor } from '../lib/tokens.mjs';
import { benchId } from '../data/model.mjs';
import { pgbenchScript, REPLY_STATEMENTS, writtenTables } from '../baselines/reply-transaction.mjs';

export const POST_REPLY = `mutation PostReply($input: PostReplyInput!) { postReply(input: $input) { id } }`;
const CONNECTIONS = 50;
/** Replies come from users 3 … 2 + AUTHORS, to random PUBLIC threads (n % 20 not in 1..3): the same draw as the pgbench script. */
const AUTHORS = 200;
const PGBENCH_SCRIPT = 'bench/pgbench/post-reply.sql';
const verifyBody = (b) => b.includes('"postReply":{"id"') && !b.includes('"errors"');
/** No search term of scenario 5 in it (replies stay in the data). */
const replyText = (tn, u, c) => `Bench reply ${tn}-${u}-${c} with field notes on the pilot survey, its results and the next workshop.`;

/**
 * Integrity after the load (server mode): the replies stored for this run's tag against the
 * acknowledged ones (a reply abandoned at the deadline may still commit), and the post counts
 * of the threads they went to against their rows.
 */
async function integrity(url, tag) {
  const client = new pg.Client({ connectionString: url, application_name: 'asgm-bench' });
  await client.connect();
  try {
    const like = `Bench reply % ${tag} %`;
    const rows = (await client.query(`SELECT count(*)::int AS n FROM posts WHERE body LIKE $1`, [like])).rows[0].n;
    const badCounts = (
      await client.query(
        `SELECT count(*)::int AS n FROM threads t
          WHERE t.id IN (SELECT DISTINCT thread_id FROM posts WHERE body LIKE $1)
            AND t.post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)`,
        [like],
      )
    ).rows[0].n;
    return { rows, badCounts };
  } finally {
    await client.end();
  }
}

export default {
  id: 4,
  key: 'reply',
  async run(ctx) {
    const { baseUrl, proc } = ctx.service;
    const threads = ctx.opts.sizes.threads;
    const tokens = Array.from({ length: AUTHORS }, (_, i) => tokenFor(i + 3));
    const draw = () => {
      const tn = 20 * Math.floor(Math.random() * (threads / 20)) + 4 + Math.floor(Math.random() * 16);
      const u = Math.floor(Math.random() * AUTHORS);
      return { tn, u };
    };

    // what the service sends for one reply to a QUESTION (threads 24, 44, 64: public questions)
    const captured = await captureStatements(proc, async (i) => {
      const answer = await gql(baseUrl, POST_REPLY, { input: { threadId: benchId('thread', 24 + 20 * i), body: replyText(24 + 20 * i, 0, `capture-${Date.now()}`) } }, tokens[0]);
      if (answer.errors) throw new Error(`postReply: ${JSON.stringify(answer.errors)}`);
    });
    const texts = captured.statements.map((s) => s.text);
    const begin = texts.findIndex((t) => /^(START TRANSACTION|BEGIN)/i.test(t.trim()));
    const commit = texts.findIndex((t) => /^COMMIT/i.test(t.trim()));
    const inTransaction = begin >= 0 && commit > begin ? texts.slice(begin, commit + 1) : texts;
    const serviceTables = writtenTables(inTransaction);
    const baselineTables = writtenTables(REPLY_STATEMENTS.map((s) => s.sql));
    const missing = [...serviceTables].filter((t) => !baselineTables.has(t));
    const extra = [...baselineTables].filter((t) => !serviceTables.has(t));
    if (keepFile('bench/sql/service-post-reply.sql', statementsFile('postReply to a QUESTION thread: every statement, in order (the request, its transaction, its after-commit work)', captured.statements))) {
      ctx.note('4: the service\'s reply statements changed: see `git diff bench/sql/service-post-reply.sql`.');
    }
    keepFile(PGBENCH_SCRIPT, pgbenchScript());

    let c = 0;
    const tag = `run-${Date.now().toString(36)}`;
    let sent = 0;
    const ours = await warmAndLoad(ctx, {
      pid: ctx.service.pid,
      url: `${baseUrl}/graphql`,
      connections: CONNECTIONS,
      verifyBody,
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            const { tn, u } = draw();
            sent++;
            const body = JSON.stringify({ query: POST_REPLY, variables: { input: { threadId: benchId('thread', tn), body: replyText(tn, u + 3, `o${++c} ${tag}`) } } });
            return { ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[u]}` }, body };
          },
        },
      ],
    });

    let check = null;
    if (!ctx.opts.embedded) {
      const { rows, badCounts } = await integrity(ctx.dbUrl, tag);
      // every request sent may have committed (the warm-up's were all answered, the deadline abandons some)
      const fine = rows <= sent && rows >= sent - ours.errors - CONNECTIONS && badCounts === 0;
      check = { rows, sent, badCounts, fine };
      ctx.note(`4: integrity after the load: ${rows} replies stored for ${sent} sent (${ours.ok} answered in the measured window${ours.errors ? `, ${ours.errors} errors` : ''}); post counts of the threads replied to: ${badCounts === 0 ? 'exact' : `**${badCounts} threads wrong**`}.`);
    }

    let base;
    let label;
    if (!ctx.opts.embedded && ctx.pgbenchVersion) {
      label = `pgbench, the same writes (${REPLY_STATEMENTS.length} round trips)`;
      const run = (seconds) => runPgbench({ url: ctx.dbUrl, scripts: [{ file: join(ROOT, PGBENCH_SCRIPT) }], clients: CONNECTIONS, seconds, defines: { threads, authors: AUTHORS } });
      await run(ctx.opts.warmup);
      base = await run(ctx.opts.duration);
    } else {
      label = `node:http + pg, the same writes (${REPLY_STATEMENTS.length} round trips)${ctx.opts.embedded ? '' : '; pgbench not found'}`;
      await ctx.withDatabaseFree(async () => {
        const raw = await ctx.startRawForum();
        try {
          let k = 0;
          base = await warmAndLoad(ctx, {
            pid: raw.pid,
            url: `${raw.baseUrl}/reply`,
            connections: CONNECTIONS,
            verifyBody,
            requests: [
              {
                method: 'POST',
                setupRequest: (req) => {
                  const { tn, u } = draw();
                  return { ...req, headers: { ...req.headers, authorization: `Bearer ${tokens[u]}` }, body: JSON.stringify({ threadId: benchId('thread', tn), body: replyText(tn, u + 3, `b${++k}`) }) };
                },
              },
            ],
          });
        } finally {
          await stop(raw.proc);
        }
      });
    }

    ctx.note(
      `4: the service sends ${texts.length} SQL statements per reply (${inTransaction.length} from BEGIN to COMMIT, ${texts.length - (commit >= 0 ? commit + 1 : texts.length)} after it${captured.stable ? '' : `; tries ${captured.counts}`}; \`bench/sql/service-post-reply.sql\`); the baseline ${REPLY_STATEMENTS.length} (\`${PGBENCH_SCRIPT}\`). Tables written: ${
        missing.length || extra.length ? `**differ** (service only: ${missing.join(', ') || 'none'}; baseline only: ${extra.join(', ') || 'none'})` : `the same (${[...serviceTables].join(', ')})`
      }.`,
    );
    const ratio = ratioOf(ours.rps, base.rps);
    return [
      {
        id: '4',
        name: `postReply, ${CONNECTIONS} connections, random public threads`,
        ours: loadCell(ours, 'replies/s'),
        baseline: `${label}: ${loadCell(base, 'tx/s')}`,
        ratio,
        target: '≥ 0.3×, p99 < 100 ms',
        met: ratio !== null && ratio >= 0.3 && ours.p99 !== null && ours.p99 < 100 && !ours.errors && !missing.length && (check?.fine ?? true),
        raw: { ours, base, statements: texts.length, integrity: check },
      },
    ];
  },
};
