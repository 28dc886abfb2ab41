/**
 * The receivers of scenarios 6 and 9 with the C clients (receivers.c): the same IPC commands as
 * receivers.mjs (`connect`, `collect`, `close`), passed on to the C process over its stdin and
 * read back from its stdout. The binary path comes in RECEIVERS_BIN (the bench compiles it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const child = spawn(process.env.RECEIVERS_BIN, [], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout });
const waiting = [];
/** Lines of the answer being read: the head and, for `collected`, that many latencies. */
let pending = null;
child.once('exit', (code) => {
  for (const w of waiting.splice(0)) w.reject(new Error(`the C receivers exited (${code})`));
});

lines.on('line', (line) => {
  if (pending) {
    pending.latencies.push(Number(line));
    if (pending.latencies.length === pending.count) finish(pending);
    return;
  }
  const [word, ...rest] = line.split(' ');
  if (word === 'collected') {
    const [count, duplicates, outOfOrder, lastAt, connected] = rest;
    pending = { count: Number(count), latencies: [], duplicates: Number(duplicates), outOfOrder: Number(outOfOrder), lastAt: lastAt === '-' ? null : Number(lastAt), connected: Number(connected) };
    if (pending.count === 0) finish(pending);
    return;
  }
  waiting.shift()?.resolve(line);
});

function finish(answer) {
  pending = null;
  waiting.shift()?.resolve(answer);
}

function tell(line) {
  return new Promise((resolve, reject) => {
    waiting.push({ resolve, reject });
    child.stdin.write(`${line}\n`);
  });
}

process.on('message', async (m) => {
  const answer = (body) => process.send({ reply: m.id, ...body });
  try {
    if (m.cmd === 'connect') {
      const url = new URL(m.url);
      const dir = mkdtempSync(join(tmpdir(), 'receivers-'));
      const file = join(dir, 'tokens');
      writeFileSync(file, m.tokens.map((t) => t ?? '-').join('\n') + '\n');
      const head = await tell(`connect ${url.hostname} ${url.port} ${m.room ?? '-'} ${file}`);
      rmSync(dir, { recursive: true, force: true });
      const [word, connected, failed, ...error] = head.split(' ');
      if (word !== 'connected') throw new Error(head);
      const why = error.join(' ');
      return answer({ connected: Number(connected), failed: Number(failed), errors: why === '-' ? [] : [why] });
    }
    if (m.cmd === 'collect') return answer({ ...(await tell('collect')), perMessage: {} });
    if (m.cmd === 'close') {
      await tell('close');
      answer({ ok: true });
      setTimeout(() => process.exit(0), 100);
      return;
    }
    answer({ error: `unknown ${m.cmd}` });
  } catch (err) {
    answer({ error: String(err?.stack ?? err) });
  }
});
