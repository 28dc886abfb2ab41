import { BadInputError } from '../../platform/errors/domain-errors';

/**
 * A title as stored: trimmed, runs of white space folded to one space, then `min` to `max`
 * characters (BAD_USER_INPUT on `field` otherwise). Threads and live sessions share it.
 */
export function normalizeTitle(raw: string, min: number, max: number, field = 'title'): string {
  const title = raw.trim().replace(/\s+/g, ' ');
  if (title.length < min || title.length > max) throw new BadInputError(`${field} must be ${min} to ${max} characters`, field);
  return title;
}
