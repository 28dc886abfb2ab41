/** 2. Thread list page against node:http + pg answering the same JSON from hand-written SQL. */
import { isDeepStrictEqual } from 'node:util';
import { captureStatements, gql } from '../lib/app.mjs';
import { firstDifference } from '../lib/compare.mjs';
import { warmAndLoad } from '../lib/load.mjs';
import { loadCell, ratioOf } from '../lib/report.mjs';
import { stop } from '../lib/proc.mjs';

export const THREAD_LIST = `query ThreadList($first: Int) { threads(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind title postCount score answered pinned lastActivityAt createdAt
    author { id handle displayName organization { id name acronym sector } } topic { id slug name } } } } }`;
const FIRST = 20;
const CONNECTIONS = 20;
const verifyBody = (b) => b.includes('"totalCount"') && !b.includes('"errors"');

export default {
  id: 2,
  key: 'list',
  async run(ctx) {
    const { baseUrl, proc } = ctx.service;
    const answer = await gql(baseUrl, THREAD_LIST, { first: FIRST });
    if (answer.errors) throw new Error(`thread list: ${JSON.stringify(answer.errors)}`);
    const small = await captureStatements(proc, () => gql(baseUrl, THREAD_LIST, { first: 5 }));
    const large = await captureStatements(proc, () => gql(baseUrl, THREAD_LIST, { first: FIRST }));
    const ours = await warmAndLoad(ctx, { pid: ctx.service.pid, url: `${baseUrl}/graphql`, body: JSON.stringify({ query: THREAD_LIST, variables: { first: FIRST } }), connections: CONNECTIONS, verifyBody });

    let base;
    let difference = null;
    let rawStatements = null;
    await ctx.withDatabaseFree(async () => {
      const raw = await ctx.startRawForum();
      try {
        const url = `${raw.baseUrl}/threads?first=${FIRST}`;
        const rawAnswer = await (await fetch(url)).json();
        difference = isDeepStrictEqual(rawAnswer.data, answer.data) ? null : firstDifference(answer.data, rawAnswer.data) ?? 'differs';
        rawStatements = (await captureStatements(raw.proc, () => fetch(url).then((r) => r.text()), 1)).statements.length;
        base = await warmAndLoad(ctx, { pid: raw.pid, url, method: 'GET', connections: CONNECTIONS, verifyBody });
      } finally {
        await stop(raw.proc);
      }
    });

    const ratio = ratioOf(ours.rps, base.rps);
    const constant = small.statements.length === large.statements.length;
    ctx.note(
      `2: SQL statements per page: ${large.statements.length} for ${FIRST} threads, ${small.statements.length} for 5 (${constant ? 'constant' : '**not constant**'}${large.stable && small.stable ? '' : `; tries ${large.counts}/${small.counts}`}); the baseline sends ${rawStatements}.`,
    );
    if (difference) ctx.note(`2: **the baseline's JSON differs from the service's** (${difference}): its figure does not count.`);
    return [
      {
        id: '2',
        name: `Thread list: ${FIRST} of ${ctx.publicThreads.toLocaleString('en-US')} public threads, anonymous, ${CONNECTIONS} connections`,
        ours: `${loadCell(ours)} · ${large.statements.length} SQL/page`,
        baseline: `node:http + pg, same JSON: ${loadCell(base)} · ${rawStatements} SQL/page`,
        ratio,
        target: '≥ 0.5×, SQL constant in page size',
        met: !difference && ratio !== null && ratio >= 0.5 && constant && !ours.errors,
        raw: { ours, base, statements: { small: small.statements.length, large: large.statements.length } },
      },
    ];
  },
};
