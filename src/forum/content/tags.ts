import { BadInputError } from '../../platform/errors/domain-errors';

export const MAX_TAGS = 5;
export const MAX_TAG_LENGTH = 32;
const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** One tag: trimmed, lower-case, inner spaces and underscores become "-". Null when blank. */
export function normalizeTag(raw: string): string | null {
  const tag = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/-{2,}/g, '-');
  return tag === '' ? null : tag;
}

/**
 * Tags of a thread: normalized, de-duplicated (first occurrence keeps its place), each made
 * of [a-z0-9] words joined by "-", at most 32 characters, at most 5 in all.
 */
export function normalizeTags(raw: readonly string[] | null | undefined): string[] {
  const out: string[] = [];
  for (const r of raw ?? []) {
    const tag = normalizeTag(r);
    if (tag === null || out.includes(tag)) continue;
    if (tag.length > MAX_TAG_LENGTH || !TAG.test(tag)) {
      throw new BadInputError(`Tag "${r.slice(0, 40)}" is not valid: use letters a-z, digits and "-" (at most ${MAX_TAG_LENGTH} characters).`, 'tags');
    }
    out.push(tag);
  }
  if (out.length > MAX_TAGS) throw new BadInputError(`A thread has at most ${MAX_TAGS} tags.`, 'tags');
  return out;
}
