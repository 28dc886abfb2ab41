/** HTTP load with autocannon, keeping every response time (for exact percentiles) and checking every body. */
import autocannon from 'autocannon';
import { summarize } from './stats.mjs';

/**
 * Runs one load. `verifyBody(body)` must return true for a correct answer (a wrong one counts as
 * an error, never as throughput). Returns { ok, errors, rps, seconds, p50, p95, p99, count, first }.
 */
export async function httpLoad({ url, method = 'POST', headers = {}, body, requests, connections, duration, amount, timeout = 30, verifyBody = () => true }) {
  const latencies = [];
  let firstError = null;
  const verify = (text) => {
    const ok = verifyBody(text);
    if (!ok && firstError === null) firstError = String(text).slice(0, 300);
    return ok;
  };
  const instance = autocannon({
    url,
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body,
    requests,
    connections,
    ...(amount ? { amount } : { duration }),
    timeout,
    verifyBody: verify,
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  instance.on('reqError', (err) => {
    if (firstError === null) firstError = String(err?.message ?? err);
  });
  const result = await new Promise((resolve, reject) => {
    instance.on('done', resolve);
    instance.on('error', reject);
  });
  const total = latencies.length;
  const errors = result.non2xx + result.mismatches + result.errors;
  const ok = Math.max(0, total - result.non2xx - result.mismatches);
  const seconds = result.duration;
  return { ...summarize(latencies), ok, errors, rps: ok / seconds, seconds, firstError };
}

/**
 * An unrecorded warm-up first (JIT, caches, pools): a number of requests whose answers are all
 * awaited, so none is left running; then the measured run, after which the target (`pid`) is
 * given time to finish the requests the deadline abandoned (`ctx.settle`).
 */
export async function warmAndLoad(ctx, { pid, ...options }) {
  const warm = options.amount ? Math.min(options.amount, 2) : Math.max(options.connections * 3, ctx.opts.warmup * 40);
  await httpLoad({ ...options, amount: warm });
  await ctx.settle(pid);
  const result = await httpLoad(options.amount ? options : { ...options, duration: ctx.opts.duration });
  await ctx.settle(pid);
  return result;
}
