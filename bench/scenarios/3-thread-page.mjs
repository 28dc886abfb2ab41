/** 3. Thread page (50 posts with authors and the viewer's votes) against node:http + pg, same JSON. */
import { isDeepStrictEqual } from 'node:util';
import { captureStatements, gql } from '../lib/app.mjs';
import { firstDifference } from '../lib/compare.mjs';
import { warmAndLoad } from '../lib/load.mjs';
import { loadCell, ratioOf } from '../lib/report.mjs';
import { stop } from '../lib/proc.mjs';
import { tokenFor } from '../lib/tokens.mjs';
import { benchId, bigThreadCount, isPublicThread, VIEWER_USER } from '../data/model.mjs';

export const THREAD_PAGE = `query ThreadPage($id: ID!, $first: Int) { thread(id: $id) { id kind title bodyHtml postCount score answered createdAt lastActivityAt
  author { id handle displayName } topic { id slug name }
  posts(first: $first) { pageInfo { hasNextPage endCursor } edges { cursor node { id bodyHtml score viewerVote accepted createdAt author { id handle displayName } } } } } }`;
const FIRST = 50;
const CONNECTIONS = 20;
const verifyBody = (b) => b.includes('"edges"') && !b.includes('"errors"') && !b.includes('"thread":null');

export default {
  id: 3,
  key: 'page',
  async run(ctx) {
    const { baseUrl, proc } = ctx.service;
    const token = tokenFor(VIEWER_USER);
    const auth = { authorization: `Bearer ${token}` };
    // 20 of the big public threads (100 replies each), read in turn
    const ids = [];
    for (let n = 1; n <= bigThreadCount(ctx.opts.sizes) && ids.length < 20; n++) if (isPublicThread(n)) ids.push(benchId('thread', n));
    const answer = await gql(baseUrl, THREAD_PAGE, { id: ids[0], first: FIRST }, token);
    if (answer.errors || !answer.data.thread) throw new Error(`thread page: ${JSON.stringify(answer.errors ?? answer.data)}`);
    const votes = answer.data.thread.posts.edges.filter((e) => e.node.viewerVote !== 0).length;
    const small = await captureStatements(proc, () => gql(baseUrl, THREAD_PAGE, { id: ids[1], first: 5 }, token));
    const large = await captureStatements(proc, () => gql(baseUrl, THREAD_PAGE, { id: ids[1], first: FIRST }, token));
    let i = 0;
    const ours = await warmAndLoad(ctx, {
      pid: ctx.service.pid,
      url: `${baseUrl}/graphql`,
      headers: auth,
      connections: CONNECTIONS,
      verifyBody,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: THREAD_PAGE, variables: { id: ids[i++ % ids.length], first: FIRST } }) }) }],
    });

    let base;
    let difference = null;
    let rawStatements = null;
    await ctx.withDatabaseFree(async () => {
      const raw = await ctx.startRawForum();
      try {
        const url = (id) => `${raw.baseUrl}/thread?id=${id}&first=${FIRST}`;
        const rawAnswer = await (await fetch(url(ids[0]), { headers: auth })).json();
        difference = isDeepStrictEqual(rawAnswer.data, answer.data) ? null : firstDifference(answer.data, rawAnswer.data) ?? 'differs';
        rawStatements = (await captureStatements(raw.proc, () => fetch(url(ids[1]), { headers: auth }).then((r) => r.text()), 1)).statements.length;
        let j = 0;
        base = await warmAndLoad(ctx, {
          pid: raw.pid,
          url: url(ids[0]),
          method: 'GET',
          headers: auth,
          connections: CONNECTIONS,
          verifyBody,
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/thread?id=${ids[j++ % ids.length]}&first=${FIRST}` }) }],
        });
      } finally {
        await stop(raw.proc);
      }
    });

    const ratio = ratioOf(ours.rps, base.rps);
    const constant = small.statements.length === large.statements.length;
    ctx.note(
      `3: SQL statements per page: ${large.statements.length} for ${FIRST} posts, ${small.statements.length} for 5 (${constant ? 'constant' : '**not constant**'}${large.stable && small.stable ? '' : `; tries ${large.counts}/${small.counts}`}); the baseline sends ${rawStatements}. The signed-in reader has voted on ${votes} of the ${FIRST} posts.`,
    );
    if (difference) ctx.note(`3: **the baseline's JSON differs from the service's** (${difference}): its figure does not count.`);
    return [
      {
        id: '3',
        name: `Thread page: ${FIRST} posts with authors and viewer votes, signed in, ${CONNECTIONS} connections`,
        ours: `${loadCell(ours)} · ${large.statements.length} SQL/page`,
        baseline: `node:http + pg, same JSON: ${loadCell(base)} · ${rawStatements} SQL/page`,
        ratio,
        target: '≥ 0.5×',
        met: !difference && ratio !== null && ratio >= 0.5 && !ours.errors,
        raw: { ours, base, statements: { small: small.statements.length, large: large.statements.length } },
      },
    ];
  },
};
