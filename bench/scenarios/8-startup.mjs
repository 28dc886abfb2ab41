/**
 * 8. Start-up on the embedded database, as `npm start` runs (no configuration but PORT and
 * DATA_DIR, so the demo content is seeded): from an empty data directory to the first GraphQL
 * answer, and a restart on that data; against the embedded database's own start (PGlite on the
 * same kind of directory answering one SQL query over HTTP).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { answers, MAIN } from '../lib/app.mjs';
import { DATA, freePort, ROOT, startNode, stop, waitUntil } from '../lib/proc.mjs';
import { num } from '../lib/stats.mjs';

/** Milliseconds from spawn to the first good answer. */
async function timeToAnswer(name, script, dataDir, env, check) {
  const port = await freePort();
  const t0 = Date.now();
  const proc = startNode(name, script, { env: { PORT: String(port), DATA_DIR: dataDir, ...env } });
  try {
    await waitUntil(proc, () => check(`http://127.0.0.1:${port}`), { everyMs: 20, timeoutMs: 300_000, what: 'answering' });
    return Date.now() - t0;
  } finally {
    await stop(proc);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (msValue) => `${num(msValue / 1000)} s`;

export default {
  id: 8,
  key: 'startup',
  async run(ctx) {
    // nothing else running while processes start
    await ctx.stopService();
    const repeat = ctx.opts.quick ? 1 : 3;
    mkdirSync(join(DATA, 'tmp'), { recursive: true });
    const measure = async (name, script, env, check) => {
      const first = [];
      const again = [];
      for (let i = 0; i < repeat; i++) {
        const dir = mkdtempSync(join(DATA, 'tmp', `${name}-`));
        try {
          first.push(await timeToAnswer(`${name}-first`, script, dir, env, check));
          again.push(await timeToAnswer(`${name}-restart`, script, dir, env, check));
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      return { first: median(first), again: median(again), all: { first, again } };
    };
    const ours = await measure('startup-service', MAIN, { LOG_LEVEL: 'warn' }, answers);
    const floor = await measure('startup-floor', join(ROOT, 'bench', 'baselines', 'pglite-floor.mjs'), {}, async (u) => (await fetch(u)).status === 200);
    ctx.note(
      `8: \`node dist/src/main.js\` with only PORT and DATA_DIR (embedded database, topic tree and demo content seeded on the first start)${repeat > 1 ? `, median of ${repeat} (first: ${ours.all.first.map(seconds).join(', ')}; restart: ${ours.all.again.map(seconds).join(', ')})` : ''}.`,
    );
    return [
      {
        id: '8 first',
        name: 'Start-up, empty data directory → first GraphQL answer',
        ours: seconds(ours.first),
        baseline: `PGlite init + one SQL answer: ${seconds(floor.first)}`,
        ratio: floor.first / ours.first,
        target: '< 10 s',
        met: ours.first < 10_000,
        raw: { ours, floor },
      },
      {
        id: '8 restart',
        name: 'Restart on existing data → first GraphQL answer',
        ours: seconds(ours.again),
        baseline: `PGlite open + one SQL answer: ${seconds(floor.again)}`,
        ratio: floor.again / ours.again,
        target: '–',
        met: null,
      },
    ];
  },
};
