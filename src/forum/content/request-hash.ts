import { createHash } from 'node:crypto';

/** Stable hash of a normalized request payload, stored beside an idempotency key. */
export function requestHash(payload: Record<string, unknown>): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(stable) : v && typeof v === 'object' && !(v instanceof Date)
      ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])]))
      : v ?? null;
  return createHash('sha256').update(JSON.stringify(stable(payload))).digest('base64url');
}
