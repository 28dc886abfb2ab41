import { ISO_COUNTRY_CODES } from '../platform/validation/iso-country';

/** Languages whose country names are recognised in thread tags (the community's working languages). */
const NAME_LANGUAGES = ['en', 'fr', 'es', 'pt', 'id'];

/** A name as a thread tag: lower case, no accents, words joined by "-" ("Côte d’Ivoire" → "cote-d-ivoire"). */
export function tagOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

let byTag: Map<string, string> | null = null;

/** Tag → ISO code: each code itself ("gh") and the country's name in each working language ("ghana", "perou", "peru"). */
function table(): Map<string, string> {
  if (byTag) return byTag;
  const map = new Map<string, string>();
  for (const code of ISO_COUNTRY_CODES) map.set(code.toLowerCase(), code);
  for (const lang of NAME_LANGUAGES) {
    const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    for (const code of ISO_COUNTRY_CODES) {
      const name = names.of(code);
      if (!name) continue;
      const tag = tagOf(name);
      if (tag && !map.has(tag)) map.set(tag, code);
    }
  }
  byTag = map;
  return map;
}

/**
 * The countries a thread's tags name: a tag that is an ISO 3166-1 alpha-2 code ("gh") or a
 * country's name in English, French, Spanish, Portuguese or Indonesian ("ghana", "peru",
 * "burkina-faso", "colombie"). Upper-case codes, without duplicates, in tag order.
 */
export function countriesInTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    const code = table().get(tag.toLowerCase());
    if (code && !out.includes(code)) out.push(code);
  }
  return out;
}
