/** Percentiles and formatting of measured figures. */

/** The p-th percentile (0–100) of numbers, nearest rank; null for none. */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : null);
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : null };
}

const group = (n, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** 1,234 / 12.3 / 0.123: three significant figures below 100. */
export function num(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  const a = Math.abs(n);
  if (a >= 100) return group(Math.round(n));
  if (a >= 10) return group(n, 1);
  if (a >= 1) return group(n, 2);
  return n.toPrecision(2);
}

export function ms(n) {
  if (n === null || n === undefined) return '–';
  if (n >= 10_000) return `${num(n / 1000)} s`;
  return `${num(n)} ms`;
}

/** A count: 12,345. */
export const int = (n) => (n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));

export const kb = (bytes) => (bytes === null || bytes === undefined ? '–' : `${num(bytes / 1024)} KB`);
export const mb = (bytes) => (bytes === null || bytes === undefined ? '–' : `${num(bytes / 1024 / 1024)} MB`);
