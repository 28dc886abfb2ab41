import { BadInputError } from '../../platform/errors/domain-errors';

export const DEFAULT_LANGUAGE = 'en';

/**
 * A practical BCP-47 subset: language (2-3 letters), optional script (4 letters), optional
 * region (2 letters or 3 digits), optional variants. Private-use and extensions are refused.
 */
const BCP47 = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?((?:-(?:[a-z0-9]{5,8}|\d[a-z0-9]{3}))*)$/i;

/** Validates and canonicalizes the case of a language tag: `pt-br` → `pt-BR`, `zh-hant` → `zh-Hant`. */
export function normalizeLanguage(raw: string | null | undefined): string {
  if (raw === null || raw === undefined || raw.trim() === '') return DEFAULT_LANGUAGE;
  const tag = raw.trim();
  const m = tag.length <= 35 ? BCP47.exec(tag) : null;
  if (!m) throw new BadInputError(`language must be a BCP-47 tag such as "en", "fr" or "pt-BR", got "${tag.slice(0, 40)}".`, 'language');
  const [, lang, script, region, variants] = m;
  return [
    lang.toLowerCase(),
    script ? script[0].toUpperCase() + script.slice(1).toLowerCase() : null,
    region ? region.toUpperCase() : null,
  ]
    .filter(Boolean)
    .join('-') + (variants ?? '').toLowerCase();
}
