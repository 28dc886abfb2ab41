import { Worker } from 'node:worker_threads';
import { TestApp } from '../support/test-app';

/** `n` aliases of the issue's search: `a0: search(query: "mercury retort", first: 0) { totalCount } …`. */
export const aliasAttack = (n: number, distinct = false): string =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: search(query: "mercury retort${distinct ? ` ${i}` : ''}", first: 0) { totalCount }`).join(' ')} }`;

/** An attacker on its own thread (its client-side work stays off the service's event loop): POSTs the bodies in turn until stopped. */
const ATTACKER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const statuses = {};
  for (let i = 0; !stop; i++) {
    const body = workerData.bodies[i % workerData.bodies.length];
    try {
      const res = await fetch(workerData.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      statuses[res.status] = (statuses[res.status] || 0) + 1;
    } catch { statuses.network = (statuses.network || 0) + 1; }
  }
  parentPort.postMessage(statuses);
})();
`;

/** Starts an attacker thread; `stop()` resolves with how many answers of each HTTP status it got. */
export function startAttacker(url: string, bodies: string[]): { stop(): Promise<Record<string, number>> } {
  const worker = new Worker(ATTACKER, { eval: true, workerData: { url, bodies } });
  const done = new Promise<Record<string, number>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const statuses = await done;
      await worker.terminate();
      return statuses;
    },
  };
}

/** One answer of the service as an attacker or a client sees it. */
export interface Answer {
  status: number;
  text: string;
  ms: number;
}

/** POSTs a raw body (JSON or not) to /graphql and times the answer. */
export async function send(t: TestApp, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const res = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

/** The p-th percentile (0 to 100) of samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A small seeded PRNG (mulberry32): the same run every time. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Prints a figure line the CI log keeps (console.log is what jest shows). */
export function figure(label: string, values: Record<string, string | number>): void {
  console.log(`[adversarial] ${label}: ${Object.entries(values).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 10) / 10 : v}`).join(', ')}`);
}
