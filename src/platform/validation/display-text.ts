import { Transform } from 'class-transformer';

/**
 * Characters that change how the text around them is shown without being visible themselves:
 * C0/C1 controls (`\p{Cc}`) and format characters (`\p{Cf}`: bidi embeddings, overrides and
 * isolates such as U+202E, zero-width space and joiners, the byte-order mark, soft hyphen,
 * tag characters). A name or title holding them can impersonate another or reverse the text
 * around it (a "Trojan Source" name).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/**
 * A one-line name or title as stored: white space (line breaks included) folded to single
 * spaces, invisible and direction-changing characters removed, trimmed. The one function
 * for every display name, organization name, topic name and thread or session title.
 */
export function cleanDisplayText(raw: string): string {
  return raw.replace(/\s+/g, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** class-transformer decorator for an input field holding a name or title (non-strings pass through, for the validators to refuse). */
export const CleanDisplayText = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? cleanDisplayText(value) : value));
