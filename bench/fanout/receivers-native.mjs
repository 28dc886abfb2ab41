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
import { serveCommands } from './child-commands.mjs';

const child = spawn(process.env.RECEIVERS_BIN, [], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout });
/** Commands sent and not yet answered, in order, each with the first word its answer must have. */
const waiting = [];
/** The answer to `collect` being read: its head, then that many latencies. */
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
  const head = waiting[0];
  if (!head || (word !== head.expect && word !== 'error')) {
    for (const w of waiting.splice(0)) w.reject(new Error(`the C receivers answered "${line.slice(0, 80)}" out of turn`));
    return;
  }
  if (word === 'error') return waiting.shift().reject(new Error(`the C receivers: ${rest.join(' ')}`));
  if (word === 'collected') {
    const [count, duplicates, outOfOrder, lastAt, connected] = rest;
    pending = { count: Number(count), latencies: [], duplicates: Number(duplicates), outOfOrder: Number(outOfOrder), lastAt: lastAt === '-' ? null : Number(lastAt), connected: Number(connected) };
    if (pending.count === 0) finish(pending);
    return;
  }
  waiting.shift().resolve(line);
});

function finish(answer) {
  pending = null;
  waiting.shift().resolve(answer);
}

/** Sends one command; its answer comes in order (the C program answers each before reading the next). */
function tell(line, expect) {
  return new Promise((resolve, reject) => {
    waiting.push({ expect, resolve, reject });
    child.stdin.write(`${line}\n`);
  });
}

serveCommands({
  async connect(m) {
    const url = new URL(m.url);
    const dir = mkdtempSync(join(tmpdir(), 'receivers-'));
    const file = join(dir, 'tokens');
    writeFileSync(file, m.tokens.map((t) => t ?? '-').join('\n') + '\n');
    const head = await tell(`connect ${url.hostname} ${url.port} ${m.room ?? '-'} ${file}`, 'connected');
    rmSync(dir, { recursive: true, force: true });
    const [, connected, failed, ...error] = head.split(' ');
    const why = error.join(' ');
    return { connected: Number(connected), failed: Number(failed), errors: why === '-' ? [] : [why] };
  },
  count: async () => ({ count: Number((await tell('count', 'count')).split(' ')[1]) }),
  collect: () => tell('collect', 'collected'),
  async close() {
    await tell('close', 'closed');
    return { ok: true };
  },
});
