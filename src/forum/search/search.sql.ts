import { SearchTerms } from './search-terms';

/** A position in the recency order of matches: `(created_at, id)` of the thread or reply. */
export interface RecencyKey {
  at: string;
  id: string;
}

/**
 * A tier: the matches with a recency key in [lo, hi), all ranked together. `hi` null: no upper
 * bound (the first tier); `lo` null: down to the oldest match.
 */
export interface Tier {
  hi: RecencyKey | null;
  lo: RecencyKey | null;
  /** How many posts the window spans, when known (not kept in cursors): the term's window otherwise. */
  width?: number;
}

/** The order within a tier, all descending: relevance, answered, recency, id. */
export interface RankKey {
  rank: number;
  answered: number;
  at: string;
  id: string;
}

/**
 * About how many matches a tier holds: the window of recent posts and threads expected to hold
 * this many (from the planner's estimate of the term's frequency). A term with at most
 * SINGLE_TIER_UP_TO matches (counted once per query text) is ranked as one tier.
 */
export const TIER_SIZE = 50;
export const SINGLE_TIER_UP_TO = 500;

/**
 * A tier found anew (not named by a cursor) ranks at most this many matches: the newest of its
 * window, whose start then moves up to the last of them. A window that came out wider than the
 * estimate (the newest posts hold few matches, so the next window spans four times as many) would
 * otherwise rank thousands.
 */
export const TIER_CAP = 100;

/**
 * A window of at most this many posts is read through the recency index alone, its rows tested
 * one by one; so is a wider one while it holds fewer posts than the term's matches over
 * SCAN_PER_MATCH: the term is common, and AND-ing its long GIN posting lists (several common words:
 * 30–130 ms at a million posts) costs more than testing the window's rows (1–2 µs each).
 */
export const SCAN_WINDOW_UP_TO = 4096;
export const SCAN_PER_MATCH = 4;

/** totalCount is exact while neither kind of hit (threads, replies) has more matches than this. */
export const EXACT_COUNT_UP_TO = 1000;

/** Private-use characters marking matches in ts_headline output, replaced by <mark> after escaping. */
export const MARK_START = '\uE000';
export const MARK_STOP = '\uE001';

/**
 * Keeps the planner from parallel plans for the statement (a PARALLEL UNSAFE function; see the
 * SearchRecencyIndexes migration): short searches run many at once, worker start-up costs more.
 */
const SERIAL = 'forum_search_serial()';

const HEADLINE = `'StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'`;

/**
 * The SQL of one search: `threadWhere` (the access rule and filters on threads `t`) and `postWhere`
 * (the rule of replies `p` joined to `t`) come from the access policy; their parameters and the
 * parsed query's go into `params`.
 */
export class SearchSql {
  constructor(
    private readonly terms: SearchTerms,
    private readonly threadWhere: string,
    private readonly postWhere: string,
    readonly params: Record<string, unknown>,
  ) {
    params.sq_any = terms.any;
    if (terms.index !== null) params.sq_index = terms.index;
    const parsed = new Set(terms.byConfig.map((c) => c.tsquery));
    this.uniform = parsed.size === 1 && !parsed.has(null);
    if (!this.uniform) for (const c of terms.byConfig) params[`sq_${c.config}`] = c.tsquery;
  }

  /**
   * Every configuration parsed the query alike (codes, names, unstemmed words): the union is then
   * the query of every row, and the per-language test and CASE drop out of the statement.
   */
  private readonly uniform: boolean;

  /** The query parsed in the language of row `x` (NULL where the query has no lexeme in it: no match). */
  private own(x: string): string {
    if (this.uniform) return ':sq_any::tsquery';
    const branches = this.terms.byConfig
      .filter((c) => c.config !== 'simple')
      .map((c) => `WHEN 'pg_catalog.${c.config}'::regconfig THEN :sq_${c.config}::tsquery`);
    const otherwise = this.terms.byConfig.some((c) => c.config === 'simple') ? ':sq_simple::tsquery' : 'NULL::tsquery';
    return `CASE forum_ts_config(${x}.language) ${branches.join(' ')} ELSE ${otherwise} END`;
  }

  /**
   * Row `x` matches: the union of the parsed queries (a constant the GIN index serves and the
   * planner estimates from lexeme statistics; without its excluded words when it has some, which
   * the index would otherwise read the long posting lists of), then the query of the row's own
   * language (or the union itself, when every language parsed it alike), written NOT (v @@ !!q) —
   * the same test — so the planner counts it as nearly always true instead of its default 0.5%
   * for a non-constant query, which would hide how many rows a common term matches.
   */
  private matches(x: string): string {
    // NOT (v @@ !!q) is v @@ q that no index serves: the window is then read from the recency index
    if (this.scanWindow) {
      const any = `NOT (${x}.search_vector @@ !!:sq_any::tsquery)`;
      return this.uniform ? `${SERIAL} AND ${any}` : `${SERIAL} AND ${any} AND NOT (${x}.search_vector @@ !!(${this.own(x)}))`;
    }
    const indexed = `${x}.search_vector @@ :${this.terms.index !== null ? 'sq_index' : 'sq_any'}::tsquery`;
    if (this.uniform) return this.terms.index !== null ? `${SERIAL} AND ${indexed} AND NOT (${x}.search_vector @@ !!:sq_any::tsquery)` : `${SERIAL} AND ${indexed}`;
    return `${SERIAL} AND ${indexed} AND NOT (${x}.search_vector @@ !!(${this.own(x)}))`;
  }

  private range(x: string, tier: Tier): string {
    const conds: string[] = [];
    if (tier.hi) {
      conds.push(`(${x}.created_at, ${x}.id) < (:tier_hi_at::timestamptz, :tier_hi_id::uuid)`);
      this.params.tier_hi_at = tier.hi.at;
      this.params.tier_hi_id = tier.hi.id;
    }
    if (tier.lo) {
      conds.push(`(${x}.created_at, ${x}.id) >= (:tier_lo_at::timestamptz, :tier_lo_id::uuid)`);
      this.params.tier_lo_at = tier.lo.at;
      this.params.tier_lo_id = tier.lo.id;
    }
    return conds.map((c) => ` AND ${c}`).join('');
  }

  /**
   * Matching threads (title or body) the viewer may see, with their recency key; `ranked`: with
   * their relevance and answered state too (read from the row the match was found on).
   */
  threadHits(tier: Tier = { hi: null, lo: null }, ranked = false): string {
    const rank = ranked
      ? `, ts_rank(t.search_vector, ${this.own('t')}) AS rank,
               CASE WHEN t.accepted_post_id IS NOT NULL THEN 2 WHEN t.post_count > 0 THEN 1 ELSE 0 END AS answered`
      : '';
    return `SELECT t.id AS hit_id, t.id AS thread_id, NULL::uuid AS post_id, t.created_at AS at${rank}
              FROM threads t
             WHERE ${this.matches('t')} AND ${this.threadWhere}${this.range('t', tier)}`;
  }

  /** Matching replies the viewer may see (never deleted ones), with their recency key (and `ranked`, as threadHits). */
  postHits(tier: Tier = { hi: null, lo: null }, ranked = false): string {
    const rank = ranked ? `, ts_rank(p.search_vector, ${this.own('p')}) AS rank, CASE WHEN p.accepted THEN 2 ELSE 0 END AS answered` : '';
    // each reply's thread by its primary key (LATERAL … OFFSET 0: never a hash join over every
    // thread, which a high estimate of a rare term's matches would otherwise choose)
    return `SELECT p.id AS hit_id, p.thread_id, p.id AS post_id, p.created_at AS at${rank}
              FROM posts p CROSS JOIN LATERAL (SELECT * FROM threads t WHERE t.id = p.thread_id OFFSET 0) t
             WHERE ${this.matches('p')} AND ${this.postWhere} AND ${this.threadWhere}${this.range('p', tier)}`;
  }

  /** Whether the matches of the tier's window are tested row by row (a common term's narrow window) instead of through the GIN index. */
  private scanWindow = false;

  /**
   * The start of the window below `hi` that holds `offset` posts (index-only on the recency
   * index); no row when fewer are left (the window then reaches the oldest match).
   */
  windowStart(hi: RecencyKey | null, offset: number): string {
    this.params.window_offset = offset;
    const below = hi ? ' AND (p.created_at, p.id) < (:tier_hi_at::timestamptz, :tier_hi_id::uuid)' : '';
    if (hi) Object.assign(this.params, { tier_hi_at: hi.at, tier_hi_id: hi.id });
    return `SELECT p.created_at AS at, p.id FROM posts p WHERE ${SERIAL}${below} ORDER BY p.created_at DESC, p.id DESC OFFSET :window_offset LIMIT 1`;
  }

  /** How many posts there are from `lo` up (index-only on the recency index). */
  span(lo: RecencyKey): string {
    Object.assign(this.params, { span_at: lo.at, span_id: lo.id });
    return `SELECT count(*)::int AS n FROM posts p WHERE ${SERIAL} AND (p.created_at, p.id) >= (:span_at::timestamptz, :span_id::uuid)`;
  }

  /**
   * The planner's estimates (EXPLAIN: nothing is read) of the posts and threads matching the terms
   * in any language, and of all posts: how wide a window holds about TIER_SIZE matches.
   */
  frequency(): string {
    return `EXPLAIN (FORMAT JSON)
      SELECT 1 FROM posts p WHERE ${this.matches('p')}
      UNION ALL SELECT 1 FROM threads t WHERE ${this.matches('t')}
      UNION ALL SELECT 1 FROM posts p`;
  }

  /**
   * One statement: the tier's matches (those in [lo, hi)) with their relevance, at most `cap` of
   * them (the newest) when given, ranked, after `after`, `limit` of them with their snippets (and
   * `columns` of their thread `t` and reply `p`). With `cap`, every row carries `lo_at`, `lo_id`:
   * the last of the `cap` newest matches when there were that many (the tier then starts there),
   * else null.
   */
  page(tier: Tier, after: RankKey | null, limit: number, columns = '', cap: number | null = null): string {
    const width = tier.width ?? this.terms.window;
    this.scanWindow = tier.lo !== null && width !== null && width <= Math.max(SCAN_WINDOW_UP_TO, (this.terms.estimate ?? 0) / SCAN_PER_MATCH);
    const hits = `${this.threadHits(tier, true)} UNION ALL ${this.postHits(tier, true)}`;
    let tierSql = `tier AS (${hits})`;
    let edge = '';
    if (cap !== null) {
      this.params.tier_cap = cap;
      tierSql = `hits AS (${hits}),
        tier AS (SELECT * FROM hits ORDER BY at DESC, hit_id DESC LIMIT :tier_cap),
        edge AS (SELECT e.at, e.hit_id FROM tier e WHERE (SELECT count(*) FROM tier) = :tier_cap ORDER BY e.at, e.hit_id LIMIT 1)`;
      edge = ' (SELECT at FROM edge) AS lo_at, (SELECT hit_id FROM edge) AS lo_id,';
    }
    let afterSql = '';
    if (after) {
      afterSql = 'WHERE (r.rank, r.answered, r.at, r.hit_id) < (:after_rank::real, :after_answered::int, :after_at::timestamptz, :after_id::uuid)';
      Object.assign(this.params, { after_rank: after.rank, after_answered: after.answered, after_at: after.at, after_id: after.id });
    }
    this.params.limit = limit;
    // title and body_html (its tags dropped by ts_headline, its entities decoded after) rather than
    // the Markdown source, so snippets show no Markdown syntax; the title escaped to read as HTML too
    const text = `translate(CASE WHEN r.post_id IS NULL
                     THEN replace(replace(replace(t.title, '&', '&amp;'), '<', '&lt;'), '>', '&gt;') || E'\\n' || t.body_html
                     ELSE p.body_html END, E'\\uE000\\uE001', '')`;
    // only the page's rows are read again (by primary key), for their columns and snippets
    return `WITH ${tierSql}
      SELECT r.thread_id, r.post_id, r.hit_id, r.at, r.rank, r.answered,${edge}${columns ? ` ${columns},` : ''}
             CASE WHEN r.post_id IS NULL THEN ts_headline(forum_ts_config(t.language), ${text}, ${this.own('t')}, ${HEADLINE})
                  ELSE ts_headline(forum_ts_config(p.language), ${text}, ${this.own('p')}, ${HEADLINE}) END AS snippet
        FROM (SELECT * FROM tier r ${afterSql} ORDER BY r.rank DESC, r.answered DESC, r.at DESC, r.hit_id DESC LIMIT :limit) r
        JOIN threads t ON t.id = r.thread_id
        LEFT JOIN posts p ON p.id = r.post_id
       ORDER BY r.rank DESC, r.answered DESC, r.at DESC, r.hit_id DESC`;
  }

  /** Matching threads and replies counted up to `cap` each. */
  cappedCount(cap = EXACT_COUNT_UP_TO + 1): string {
    this.params.count_cap = cap;
    return `SELECT (SELECT count(*) FROM (${this.threadHits()} LIMIT :count_cap) a)::int AS threads,
                   (SELECT count(*) FROM (${this.postHits()} LIMIT :count_cap) b)::int AS posts`;
  }

  /** The planner's estimate of all matches (EXPLAIN: nothing is read). */
  estimate(): string {
    return `EXPLAIN (FORMAT JSON) SELECT 1 FROM (${this.threadHits()} UNION ALL ${this.postHits()}) h`;
  }
}
