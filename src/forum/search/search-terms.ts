import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The configurations `forum_ts_config` maps languages to (see the ForumCore migration); `simple` last (the default). */
const CONFIGS = ['english', 'french', 'spanish', 'portuguese', 'indonesian', 'simple'];

/** Parsed queries kept (most recently parsed first out): popular searches skip the parsing round trip. */
const CACHE_SIZE = 1000;

/** A search query as PostgreSQL parses it in each configuration. */
export interface SearchTerms {
  /** `websearch_to_tsquery` of the query in each available configuration, as text; null where it has no lexeme. */
  byConfig: { config: string; tsquery: string | null }[];
  /**
   * The distinct non-empty ones OR-ed: a constant the GIN indexes are searched with and the planner
   * estimates from the lexeme statistics; null when no configuration finds a lexeme (stop words only).
   */
  any: string | null;
}

/**
 * Parses search queries with `websearch_to_tsquery` in every configuration once, and keeps the
 * result for the next searches of the same text. Each row is then matched with the query of its
 * own language (exact websearch semantics per language), and the index with their union.
 */
@Injectable()
export class SearchTermsParser {
  private readonly cache = new Map<string, Promise<SearchTerms>>();
  private configs: Promise<string[]> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  parse(query: string): Promise<SearchTerms> {
    const cached = this.cache.get(query);
    if (cached) return cached;
    const parsed = this.load(query);
    this.cache.set(query, parsed);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    parsed.catch(() => this.cache.delete(query));
    return parsed;
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
    return { byConfig: rows, any: distinct.length ? distinct.map((q) => `(${q})`).join(' | ') : null };
  }

  private availableConfigs(): Promise<string[]> {
    this.configs ??= this.dataSource
      .query(`SELECT cfgname FROM pg_catalog.pg_ts_config WHERE cfgname = ANY($1::text[])`, [CONFIGS])
      .then((rows: { cfgname: string }[]) => CONFIGS.filter((c) => rows.some((r) => r.cfgname === c)));
    return this.configs;
  }
}
