/** 1. Framework floor: `{ __typename }` against a bare Apollo Server 5 on Express. */
import { warmAndLoad } from '../lib/load.mjs';
import { loadCell, ratioOf } from '../lib/report.mjs';
import { stop } from '../lib/proc.mjs';

const BODY = JSON.stringify({ query: '{ __typename }' });
const verifyBody = (b) => b.includes('"__typename":"Query"') && !b.includes('"errors"');
const CONNECTIONS = 10;

export default {
  id: 1,
  key: 'floor',
  async run(ctx) {
    const ours = await warmAndLoad(ctx, { pid: ctx.service.pid, url: `${ctx.service.baseUrl}/graphql`, body: BODY, connections: CONNECTIONS, verifyBody });
    const bare = await ctx.startHelper('apollo-bare', 'bench/baselines/apollo-bare.mjs', { NODE_ENV: 'production' }, async (url) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
      return res.status === 200;
    });
    let base;
    try {
      base = await warmAndLoad(ctx, { pid: bare.pid, url: `${bare.baseUrl}/graphql`, body: BODY, connections: CONNECTIONS, verifyBody });
    } finally {
      await stop(bare.proc);
    }
    const ratio = ratioOf(ours.rps, base.rps);
    return [
      {
        id: '1',
        name: `\`{ __typename }\`, ${CONNECTIONS} connections`,
        ours: loadCell(ours),
        baseline: `bare Apollo Server 5 + Express: ${loadCell(base)}`,
        ratio,
        target: '≥ 0.8×',
        met: ratio !== null && ratio >= 0.8 && !ours.errors,
        raw: { ours, base },
      },
    ];
  },
};
