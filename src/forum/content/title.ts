import { BadInputError } from '../../platform/errors/domain-errors';
import { cleanDisplayText } from '../../platform/validation/display-text';

/**
 * A title as stored: cleaned as every name is (cleanDisplayText: white space folded, control,
 * bidi and zero-width characters removed), then `min` to `max`
 * characters (BAD_USER_INPUT on `field` otherwise). Threads and live sessions share it.
 */
export function normalizeTitle(raw: string, min: number, max: number, field = 'title'): string {
  const title = cleanDisplayText(raw);
  if (title.length < min || title.length > max) throw new BadInputError(`${field} must be ${min} to ${max} characters`, field);
  return title;
}
