import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SearchSql, SINGLE_TIER_UP_TO, TIER_SIZE } from './search.sql';
import { positiveTsquery } from './tsquery-positive';

/** The configurations `forum_ts_config` maps languages to (see the ForumCore migration); `simple` last (the default). */
const CONFIGS = ['english', 'french', 'spanish', 'portuguese', 'indonesian', 'simple'];

/** Parsed queries kept (the oldest first out), each for a while: popular searches skip the parsing round trips. */
const CACHE_SIZE = 1000;
/** The frequency estimate follows the data: parsed again after this long. */
const CACHE_MS = 10 * 60_000;

interface PlanNode {
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/** A search query as PostgreSQL parses it in each configuration. */
export interface SearchTerms {
  /** `websearch_to_tsquery` of the query in each available configuration, as text; null where it has no lexeme. */
  byConfig: { config: string; tsquery: string | null }[];
  /**
   * The distinct non-empty ones OR-ed: a constant the planner estimates from the lexeme statistics
   * (and the GIN indexes are searched with, or with `index`); null when no configuration finds a
   * lexeme (stop words only).
   */
  any: string | null;
  /** `any` without its excluded words, what the GIN indexes are searched with; null: `any` itself. */
  index: string | null;
  /**
   * How many of the newest posts a tier's window spans to hold about TIER_SIZE matches, from the
   * planner's estimate of the term's frequency; null when the term is expected to match few enough
   * rows (SINGLE_TIER_UP_TO) to rank them all as one tier.
   */
  window: number | null;
  /** With a window: the planner's estimate of the matching posts and threads (in any language). */
  estimate?: number;
}

/**
 * Parses search queries with `websearch_to_tsquery` in every configuration once, and keeps the
 * result for the next searches of the same text. Each row is then matched with the query of its
 * own language (exact websearch semantics per language), and the index with their union.
 */
@Injectable()
export class SearchTermsParser {
  private readonly cache = new Map<string, { at: number; terms: Promise<SearchTerms> }>();
  private configs: Promise<string[]> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  parse(query: string): Promise<SearchTerms> {
    const cached = this.cache.get(query);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.terms;
    const terms = this.load(query);
    this.cache.delete(query);
    this.cache.set(query, { at: Date.now(), terms });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    terms.catch(() => this.cache.delete(query));
    return terms;
  }

  private async load(query: string): Promise<SearchTerms> {
    const configs = await this.availableConfigs();
    const rows: { config: string; tsquery: string | null }[] = await this.dataSource.query(
      `SELECT c AS config, CASE WHEN numnode(q) > 0 THEN q::text END AS tsquery
         FROM unnest($2::text[]) WITH ORDINALITY AS c(c, i)
         CROSS JOIN LATERAL websearch_to_tsquery(('pg_catalog.' || c)::regconfig, $1) q
        ORDER BY i`,
      [query, configs],
    );
    const distinct = [...new Set(rows.map((r) => r.tsquery).filter((q): q is string => q !== null))];
    const any = distinct.length ? distinct.map((q) => `(${q})`).join(' | ') : null;
    const terms: SearchTerms = { byConfig: rows, any, index: any === null ? null : positiveTsquery(any), window: null };
    if (terms.any !== null) terms.window = await this.window(terms);
    return terms;
  }

  /**
   * The window: none when the term matches few rows (counted, at most SINGLE_TIER_UP_TO + 1 of
   * each kind: for a rare term the planner's estimate is only a ceiling); otherwise the newest
   * posts expected to hold TIER_SIZE matches from the planner's estimate of its frequency, rounded
   * up to a step of 2^(1/4) so that terms of about the same frequency share it (and its cached start).
   */
  private async window(terms: SearchTerms): Promise<number | null> {
    const count = new SearchSql(terms, 'true', 'true', {});
    const [counted] = await this.run<{ threads: number; posts: number }>(count.cappedCount(SINGLE_TIER_UP_TO + 1), count.params);
    const matches = Number(counted.threads) + Number(counted.posts);
    if (matches <= SINGLE_TIER_UP_TO) return null;
    const estimate = new SearchSql(terms, 'true', 'true', {});
    const [row] = await this.run<{ 'QUERY PLAN': unknown }>(estimate.frequency(), estimate.params);
    const plan = row['QUERY PLAN'];
    const parts = ((typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[])[0].Plan.Plans ?? [];
    if (parts.length !== 3) return null;
    const [posts, threads, allPosts] = parts.map((p) => p['Plan Rows']);
    terms.estimate = Math.max(posts + threads, matches);
    const width = (TIER_SIZE * allPosts) / terms.estimate;
    return Math.round(2 ** (Math.ceil(4 * Math.log2(Math.max(width, 1))) / 4));
  }

  private run<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(query, values);
  }

  private availableConfigs(): Promise<string[]> {
    this.configs ??= this.dataSource
      .query(`SELECT cfgname FROM pg_catalog.pg_ts_config WHERE cfgname = ANY($1::text[])`, [CONFIGS])
      .then((rows: { cfgname: string }[]) => CONFIGS.filter((c) => rows.some((r) => r.cfgname === c)));
    return this.configs;
  }
}
