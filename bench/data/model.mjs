/**
 * The shape of the generated data, shared by the generator (SQL) and the scenarios: ids are
 * md5-derived UUIDs of a number (`md5('bench-thread-42')::uuid`), so the bench knows any row's
 * id without reading it, and a few formulas say which threads are public, big, pinned.
 */
import { createHash } from 'node:crypto';

/** The id the generator gives the n-th row of a kind (user, org, thread, post, family). */
export function benchId(kind, n) {
  const h = createHash('md5').update(`bench-${kind}-${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Every generated account signs in with this password (its hash is copied from a registered user). */
export const BENCH_PASSWORD = 'bench-password-2026';
export const benchEmail = (n) => `bench-user-${n}@bench.example`;

/** User 1 is an ADMIN (hosts the live session); user 2 the signed-in reader of the page scenario. */
export const ADMIN_USER = 1;
export const VIEWER_USER = 2;

/** Threads n with n % 20 in {1, 2} are MEMBERS, {3} SECTORS; the rest PUBLIC. */
export const isPublicThread = (n) => ![1, 2, 3].includes(n % 20);
/** The first threads/100 threads have exactly 100 replies each (the thread-page scenario reads them). */
export const bigThreadCount = (sizes) => Math.floor(sizes.threads / 100);
export const POSTS_PER_BIG_THREAD = 100;

/** Words of the generated text. Common words appear in 1/3 … 1/8 of the posts. */
export const COMMON = [
  ['mercury', 3],
  ['gold', 4],
  ['miners', 5],
  ['amalgam', 6],
  ['cooperative', 7],
  ['training', 8],
];
/** Each post names one of MEDIUM_TERMS sites (`site0` … `site199`): about posts/200 hits each. */
export const MEDIUM_TERMS = 200;
/** Each post carries one reference code `kx<hex>` out of posts/10: about 10 posts each (3 to 20). */
export const rareTermCount = (sizes) => Math.floor(sizes.posts / 10);
export const FILLER = [
  'retort', 'sluice', 'panning', 'tailings', 'processing', 'water', 'river', 'health', 'vapour', 'exposure',
  'community', 'district', 'licence', 'smelting', 'concentrate', 'borax', 'cyanide', 'formalization', 'artisanal', 'pit',
  'shaft', 'ore', 'crushing', 'grinding', 'buyer', 'price', 'market', 'women', 'youth', 'safety',
  'equipment', 'pilot', 'project', 'results', 'survey', 'workshop', 'regulation', 'permit', 'extension', 'credit',
];

/**
 * Search terms of each bucket (scenario 5): rare codes, medium sites, common words; each bucket
 * with web-search syntax too (OR, "phrases", -exclusions, several words) in its own hit range.
 */
/** The topic of the scenario's filtered searches (`search(filter: { topicId })`): a leaf of the real topic tree. */
export const FILTER_TOPIC = 'retorts';

export function searchTerms(sizes) {
  const code = (k) => `kx${(k % rareTermCount(sizes)).toString(16)}`;
  const rare = [code(17), code(4242), `${code(1001)} OR ${code(77)}`, `"ref ${code(3000)}"`, `${code(555)} -zzz`];
  const medium = ['site7', 'site42', 'site99 -mercury', 'site150 -gold', '"at site181"'];
  const common = ['mercury', 'gold', 'miners', 'mercury gold', '"gold miners"', 'mercury -gold', 'mercury gold miners training'];
  // within one leaf topic (about 1/30 of the threads, FILTER_TOPIC), the filter search offers
  const filtered = ['mercury', 'gold -mercury', '"gold miners"', 'site7', 'site42 -gold'];
  return { rare, medium, common, filtered };
}
