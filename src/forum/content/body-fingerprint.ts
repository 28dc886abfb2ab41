import { createHash } from 'node:crypto';

/**
 * What makes two bodies "the same text" for the duplicate-post limit: Unicode compatibility
 * forms folded (NFKC), case folded, runs of white space as one space, trimmed; hashed, so no
 * text is kept in the rate-limit store. Threads and replies share it.
 */
export function bodyFingerprint(body: string): string {
  const normalized = body.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(normalized).digest('base64url');
}
