/** Child processes of a bench run: started with their output in a log file, stopped for sure. */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
export const DATA = join(ROOT, 'bench', '.data');
export const LOGS = join(DATA, 'logs');

const running = new Set();

/** Kills every child still running when the bench exits (normally or not). */
function killAll() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** The environment a child gets: only what a shell needs, plus `env` (nothing of the caller's configuration leaks in). */
export function cleanEnv(env) {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'USER'];
  const base = Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
  return { ...base, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== null)) };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node [nodeArgs] script [args]` with an IPC channel; stdout and stderr go to
 * bench/.data/logs/<name>.log (replaced on each start).
 */
export function startNode(name, script, { args = [], nodeArgs = [], env = {}, cwd = ROOT, stdin = 'ignore' } = {}) {
  mkdirSync(LOGS, { recursive: true });
  const logFile = join(LOGS, `${name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd, env: cleanEnv(env), stdio: [stdin, fd, fd, 'ipc'] });
  closeSync(fd);
  running.add(child);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => running.delete(child));
  child.on('error', () => {});
  return { name, child, logFile, exited, pid: child.pid };
}

/** The last lines of a child's log (for error messages). */
export function tail(logFile, lines = 40) {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stop(proc, graceMs = 15_000) {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `check()` (async, true when ready) every `everyMs` until it holds; fails with the log's
 * tail when the process exits first or `timeoutMs` passes.
 */
export async function waitUntil(proc, check, { timeoutMs = 120_000, everyMs = 100, what = 'ready' } = {}) {
  const start = Date.now();
  let exited = false;
  proc.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${proc.name} exited before it was ${what}:\n${tail(proc.logFile)}`);
    try {
      if (await check()) return Date.now() - start;
    } catch {
      /* not yet */
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${proc.name} was not ${what} after ${timeoutMs / 1000} s:\n${tail(proc.logFile)}`);
    await sleep(everyMs);
  }
}

/** Sends an IPC request to a child and resolves with its answer (`{ reply: id, ... }`). */
let requestSeq = 0;
export function ask(proc, message, timeoutMs = 600_000) {
  const id = ++requestSeq;
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m && m.reply === id) {
        cleanup();
        if (m.error) reject(new Error(`${proc.name}: ${m.error}`));
        else resolve(m);
      }
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${proc.name} exited while asked ${JSON.stringify(message).slice(0, 80)}:\n${tail(proc.logFile)}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${proc.name} did not answer ${message.cmd} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      proc.child.off('message', onMessage);
      proc.child.off('exit', onExit);
    };
    proc.child.on('message', onMessage);
    proc.child.once('exit', onExit);
    proc.child.send({ ...message, id });
  });
}

/** Resident set size of a process in bytes (Linux /proc), null elsewhere. */
export function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system, clock ticks) a process used so far, null when unknown. */
export function cpuTicks(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * Waits until the processes are idle again (under 10% of a core over two 250 ms windows): a
 * load generator stops at its deadline, but the server still works through the requests it
 * abandoned, and the next measurement must not share the machine with them. At most `maxMs`.
 */
export async function settle(pids, maxMs = 60_000) {
  const start = Date.now();
  let quiet = 0;
  while (Date.now() - start < maxMs) {
    const before = pids.map(cpuTicks);
    if (before.some((t) => t === null)) return sleep(1000);
    await sleep(250);
    const busy = pids.some((pid, i) => (cpuTicks(pid) ?? 0) - before[i] > 2.5);
    quiet = busy ? 0 : quiet + 1;
    if (quiet >= 2) return;
  }
}

/** CPU time (clock ticks) of a process and its children, null when unknown. */
export function treeTicks(pid) {
  let children = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    /* none, or not Linux */
  }
  const own = cpuTicks(pid);
  return own === null ? null : children.reduce((n, child) => n + (cpuTicks(child) ?? 0), own);
}
