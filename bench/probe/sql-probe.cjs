/**
 * Preloaded into processes the bench measures (`node -r bench/probe/sql-probe.cjs ...`), driven
 * over the IPC channel of the bench:
 * - `probe-arm` / `probe-disarm`: between the two, every statement the process sends through
 *   `pg` (Client#query) is recorded with its parameters; the wrapper is installed only while
 *   armed, so measured runs go through the unmodified driver;
 * - `probe-memory`: runs the garbage collector (when started with --expose-gc) and answers
 *   process.memoryUsage().
 * Nothing here changes the application; it only exists in bench runs.
 */
'use strict';
const { performance } = require('node:perf_hooks');

let pg = null;
let prepareValue = (v) => v;
try {
  const resolved = require.resolve('pg', { paths: [process.cwd()] });
  pg = require(resolved);
  prepareValue = require(require.resolve('pg/lib/utils', { paths: [process.cwd()] })).prepareValue;
} catch {
  // a process without pg (a bare socket.io server) still answers probe-memory
}

let recorded = null;
const original = pg ? pg.Client.prototype.query : null;

function recording(config, values) {
  if (recorded) {
    const text = typeof config === 'string' ? config : config && config.text;
    const params = Array.isArray(values) ? values : config && Array.isArray(config.values) ? config.values : [];
    if (typeof text === 'string') {
      recorded.push({ text, values: params.map((v) => (v === null || v === undefined ? null : prepareValue(v))), at: performance.now() });
    }
  }
  return original.apply(this, arguments);
}

process.on('message', (message) => {
  if (!message || typeof message.cmd !== 'string' || !message.cmd.startsWith('probe-')) return;
  const answer = (body) => process.send && process.send({ reply: message.id, ...body });
  try {
    if (message.cmd === 'probe-arm') {
      if (!pg) return answer({ error: 'no pg driver in this process' });
      recorded = [];
      pg.Client.prototype.query = recording;
      return answer({ ok: true });
    }
    if (message.cmd === 'probe-disarm') {
      const statements = recorded || [];
      recorded = null;
      if (pg) pg.Client.prototype.query = original;
      return answer({ statements });
    }
    if (message.cmd === 'probe-memory') {
      if (typeof global.gc === 'function') {
        global.gc();
        global.gc();
      }
      return answer({ memory: process.memoryUsage(), gc: typeof global.gc === 'function' });
    }
    answer({ error: `unknown ${message.cmd}` });
  } catch (err) {
    answer({ error: String((err && err.stack) || err) });
  }
});
