import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import { BadInputError } from '../../platform/errors/domain-errors';
import { isUuid } from '../../platform/validation/uuid';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { decodeCursor, KeysetKey, pageSize, toConnection } from '../../platform/graphql/pagination/keyset';
import { postVisibilityPredicate } from '../posts/post-visibility';
import { topicSubtreeSql } from '../topics/topics.repository';
import { SearchArgs } from './dto/search.args';
import { SearchHit } from './search-hit.type';
import { escapeHtml } from '../../platform/validation/html';

/** The configurations `forum_ts_config` maps languages to (see the ForumCore migration). */
const CONFIGS = ['english', 'french', 'spanish', 'portuguese', 'indonesian', 'simple'];

/** Private-use characters marking matches in ts_headline output, replaced by <mark> after escaping. */
const START = '\uE000';
const STOP = '\uE001';

interface HitRow {
  thread_id: string;
  post_id: string | null;
  hit_id: string;
  rank: number;
  snippet: string;
}

const KEYS: KeysetKey<HitRow>[] = [
  { expression: 'h.rank', direction: 'DESC', value: (r) => r.rank, cast: 'real' },
  { expression: 'h.hit_id', direction: 'DESC', value: (r) => r.hit_id, cast: 'uuid' },
];


/** Escapes the headline and turns the match markers into <mark> elements. */
export function snippetHtml(headline: string): string {
  return escapeHtml(headline.replace(/\s+/g, ' ').trim()).split(START).join('<mark>').split(STOP).join('</mark>');
}

/**
 * Full-text search over thread titles and bodies and replies, with the generated tsvector
 * columns and their GIN indexes. The query is parsed with websearch_to_tsquery in the
 * configuration of each thread's language (english, french, spanish, portuguese, indonesian,
 * else simple), so stemming follows the content's language.
 * Only what the viewer may see; never deleted content; hidden content for staff only.
 */
@Injectable()
export class SearchService {
  private configs: Promise<string[]> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  private availableConfigs(): Promise<string[]> {
    this.configs ??= this.dataSource
      .query(`SELECT cfgname FROM pg_catalog.pg_ts_config WHERE cfgname = ANY($1::text[])`, [CONFIGS])
      .then((rows: { cfgname: string }[]) => CONFIGS.filter((c) => rows.some((r) => r.cfgname === c)));
    return this.configs;
  }

  async search(viewer: Viewer | null, args: SearchArgs): Promise<Connection<SearchHit>> {
    const query = (args.query ?? '').trim();
    if (query.length < 1 || query.length > 200) throw new BadInputError('query must be 1 to 200 characters.', 'query');
    const first = pageSize(args);
    const configs = await this.availableConfigs();
    const tsq = '(' + configs.map((c) => `websearch_to_tsquery('pg_catalog.${c}', :query)`).join(' || ') + ')';

    // threads: the content rule on t; replies: the rule of every reply list (the thread's
    // visibility, hidden with their thread), and deleted replies excluded for everyone
    const visible = AccessPolicy.contentPredicate(viewer, 't');
    const postVisible = postVisibilityPredicate(viewer, { excludeDeleted: true });
    const params: Record<string, unknown> = { query, ...visible.params, ...postVisible.params };
    const threadConds = [visible.sql];
    const filter = args.filter ?? {};
    if (filter.topicId !== undefined && filter.topicId !== null) {
      if (!isUuid(filter.topicId)) return toConnection<HitRow, SearchHit>([], KEYS, first, async () => 0);
      threadConds.push(`t.topic_id IN ${topicSubtreeSql('topicId')}`);
      params.topicId = filter.topicId;
    }
    if (filter.kind) {
      threadConds.push('t.kind = :kind');
      params.kind = filter.kind;
    }
    const where = threadConds.join(' AND ');
    // `tsq` (the query parsed in every configuration, OR-ed) is a constant the GIN index can
    // serve; each row then matches the query parsed in its own language, which keeps websearch
    // semantics (negation, phrases) exact per language.
    const own = (alias: string) => `websearch_to_tsquery(forum_ts_config(${alias}.language), :query)`;
    const hits = `
      SELECT t.id AS thread_id, NULL::uuid AS post_id, t.id AS hit_id, ts_rank(t.search_vector, ${own('t')}) AS rank
        FROM threads t
       WHERE t.search_vector @@ ${tsq} AND t.search_vector @@ ${own('t')} AND ${where}
      UNION ALL
      SELECT p.thread_id, p.id, p.id, ts_rank(p.search_vector, ${own('p')})
        FROM posts p JOIN threads t ON t.id = p.thread_id
       WHERE p.search_vector @@ ${tsq} AND p.search_vector @@ ${own('p')} AND ${postVisible.sql} AND ${where}`;

    let keyset = '';
    if (args.after) {
      const [rank, hitId] = decodeCursor(args.after, KEYS.length);
      if (typeof rank !== 'number' || !isUuid(hitId)) throw new BadInputError('The cursor is not valid for this list.', 'after');
      keyset = 'WHERE (h.rank < :afterRank::real OR (h.rank = :afterRank::real AND h.hit_id < :afterHit::uuid))';
      params.afterRank = rank;
      params.afterHit = hitId;
    }
    params.limit = first + 1;
    const pageSql = `
      SELECT h.thread_id, h.post_id, h.hit_id, h.rank,
             ts_headline(forum_ts_config(t.language),
                         translate(CASE WHEN h.post_id IS NULL THEN t.title || E'\\n' || t.body ELSE p.body END, E'\\uE000\\uE001', ''),
                         ${own('t')},
                         'StartSel=${START}, StopSel=${STOP}, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') AS snippet
        FROM (SELECT * FROM (${hits}) h ${keyset} ORDER BY h.rank DESC, h.hit_id DESC LIMIT :limit) h
        JOIN threads t ON t.id = h.thread_id
        LEFT JOIN posts p ON p.id = h.post_id
       ORDER BY h.rank DESC, h.hit_id DESC`;
    const rows: HitRow[] = first === 0 ? [] : await this.run(pageSql, params);
    const countParams = { ...params };
    return toConnection(
      rows.map((r) => ({ ...r, rank: Number(r.rank) })),
      KEYS,
      first,
      async () => Number((await this.run(`SELECT count(*)::int AS n FROM (${hits}) h`, countParams))[0].n),
      (r) => Object.assign(new SearchHit(), { threadId: r.thread_id, postId: r.post_id, rank: r.rank, snippet: snippetHtml(r.snippet ?? '') }),
    );
  }

  private run<T = any>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(query, values);
  }
}
