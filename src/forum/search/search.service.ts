import { Injectable } from '@nestjs/common';
import { decodeHTML } from 'entities';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import { BadInputError } from '../../platform/errors/domain-errors';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { decodeCursor, KeysetKey, pageSize, toConnection } from '../../platform/graphql/pagination/keyset';
import { entityFromRow } from '../../platform/database/raw-entity';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { setReadAhead } from '../../platform/graphql/read-ahead';
import { escapeHtml } from '../../platform/validation/html';
import { isUuid } from '../../platform/validation/uuid';
import { PostAccess } from '../posts/post-access.service';
import { PostEntity } from '../posts/post.entity';
import { Post } from '../posts/post.type';
import { postVisibilityPredicate } from '../posts/post-visibility';
import { ThreadAccess } from '../threads/thread-access.service';
import { ThreadEntity } from '../threads/thread.entity';
import { Thread } from '../threads/thread.type';
import { topicSubtreeSql } from '../topics/topics.repository';
import { SearchArgs } from './dto/search.args';
import { SearchHit } from './search-hit.type';
import { SearchTermsParser } from './search-terms';
import { EXACT_COUNT_UP_TO, MARK_START, MARK_STOP, RankKey, RecencyKey, SearchSql, Tier, TIER_CAP } from './search.sql';
import { SearchTerms } from './search-terms';

interface HitRow {
  thread_id: string;
  post_id: string | null;
  hit_id: string;
  at: Date;
  rank: number;
  answered: number;
  snippet: string | null;
  /** With a capped tier: where the tier starts when it held its cap of matches. */
  lo_at?: Date | string | null;
  lo_id?: string | null;
  /** The thread's (`t__…`) and the reply's (`p__…`) columns, handed to the request's loaders. */
  [column: string]: unknown;
  /** The tier the row was ranked in (set by the service). */
  tier: Tier;
  /** With the request's loaders: the hit's thread and reply as the statement read them (set by the service). */
  threadEntity?: ThreadEntity;
  postEntity?: PostEntity | null;
}

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : d);

/** The cursor: the row's tier (hi, lo) and its place in the tier's order (rank, answered, at, id). */
const CURSOR: KeysetKey<HitRow>[] = [
  { expression: 'tier.hi.at', direction: 'DESC', value: (r) => r.tier.hi?.at ?? null, cast: 'timestamptz' },
  { expression: 'tier.hi.id', direction: 'DESC', value: (r) => r.tier.hi?.id ?? null, cast: 'uuid' },
  { expression: 'tier.lo.at', direction: 'DESC', value: (r) => r.tier.lo?.at ?? null, cast: 'timestamptz' },
  { expression: 'tier.lo.id', direction: 'DESC', value: (r) => r.tier.lo?.id ?? null, cast: 'uuid' },
  { expression: 'rank', direction: 'DESC', value: (r) => r.rank, cast: 'real' },
  { expression: 'answered', direction: 'DESC', value: (r) => r.answered, cast: 'int' },
  { expression: 'at', direction: 'DESC', value: (r) => r.at, cast: 'timestamptz' },
  { expression: 'hit_id', direction: 'DESC', value: (r) => r.hit_id, cast: 'uuid' },
];

/**
 * A tier holds about TIER_SIZE matches (more than a page), fewer when the estimate was high or
 * filters (topic, kind, access) leave few of them: each further tier of a page then spans four
 * times the window of the one before, and after this many the rest down to the oldest match.
 */
const MAX_WIDENING = 12;

/** The start of the newest window of a width is read again after this long (newer posts join that first tier meanwhile). */
const NEWEST_WINDOW_MS = 5_000;

/**
 * The first tier a first page ended in (for a search with the same text, filters and access) is
 * used as it is by the next first pages for this long, then found again: one statement per page.
 */
const FIRST_TIER_MS = 10_000;
/** First tiers kept (the oldest first out). */
const FIRST_TIER_CACHE = 1000;

/** The columns `find` loads for `entity`, as `alias.column AS "<prefix>column"`. */
function prefixedColumns(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, alias: string, prefix: string): string {
  return dataSource
    .getMetadata(entity)
    .columns.filter((c) => c.isSelect)
    .map((c) => `${alias}.${c.databaseName} AS "${prefix}${c.databaseName}"`)
    .join(', ');
}


const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const isIso = (v: unknown): v is string => typeof v === 'string' && ISO.test(v) && Number.isFinite(Date.parse(v));

function recencyKey(at: unknown, id: unknown): RecencyKey | null | undefined {
  if (at === null && id === null) return null;
  return isIso(at) && isUuid(id) ? { at, id } : undefined;
}

/** Decodes and checks a search cursor (a forged one is BAD_USER_INPUT before any SQL). */
function parseCursor(after: string): { tier: Tier; after: RankKey } {
  const [hiAt, hiId, loAt, loId, rank, answered, at, id] = decodeCursor(after, CURSOR.length);
  const hi = recencyKey(hiAt, hiId);
  const lo = recencyKey(loAt, loId);
  const valid = hi !== undefined && lo !== undefined && typeof rank === 'number' && Number.isFinite(rank) && Number.isInteger(answered) && isIso(at) && isUuid(id);
  if (!valid) throw new BadInputError('The cursor is not valid for this list.', 'after');
  return { tier: { hi, lo }, after: { rank, answered: answered as number, at: at as string, id: id as string } };
}

/** Turns ts_headline output of HTML into safe HTML: entities decoded, then escaped, match markers as <mark>. */
export function snippetHtml(headline: string): string {
  return escapeHtml(decodeHTML(headline).replace(/\s+/g, ' ').trim()).split(MARK_START).join('<mark>').split(MARK_STOP).join('</mark>');
}

/**
 * Full-text search over thread titles and bodies and replies, with the generated tsvector columns
 * and their GIN indexes, stemmed by each item's language (english, french, spanish, portuguese,
 * indonesian, else simple) with websearch_to_tsquery syntax.
 *
 * Its cost does not grow with how common a term is: the matches are taken in tiers by recency,
 * each the window of the newest posts expected to hold about TIER_SIZE matches (its start read
 * from the recency index; its rows found by AND-ing the GIN and recency indexes, or, for a common
 * term, by testing the window's rows), of which a tier found anew ranks at most the TIER_CAP
 * newest: by relevance (title above body), then answered and accepted content, then recency. A
 * term with at most SINGLE_TIER_UP_TO matches is ranked as a whole. The cursor carries its tier,
 * so pages stay stable; the first tier of a recent first page is reused, so a page is one statement.
 * Only what the viewer may see; never deleted content; hidden content for staff only.
 */
@Injectable()
export class SearchService {
  /** Start of the newest window of each width (a step of 2^(1/4)), shared by the terms of about that frequency. */
  private readonly newestWindows = new Map<number, { at: number; start: Promise<RecencyKey | null> }>();

  /** The first tier of recent first pages, by query text, filters and access (see FIRST_TIER_MS). */
  private readonly firstTiers = new Map<string, { at: number; tier: Tier }>();

  private columns?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly parser: SearchTermsParser,
    private readonly threads: ThreadAccess,
    private readonly posts: PostAccess,
  ) {}

  /**
   * `loaders`: the request's, handed each hit's thread and reply as the page's statement read them,
   * so that `SearchHit.thread` and `SearchHit.post` cost no statement of their own.
   */
  async search(viewer: Viewer | null, args: SearchArgs, loaders?: LoaderRegistry): Promise<Connection<SearchHit>> {
    const query = (args.query ?? '').trim();
    if (query.length < 1 || query.length > 200) throw new BadInputError('query must be 1 to 200 characters.', 'query');
    const first = pageSize(args);
    const cursor = args.after ? parseCursor(args.after) : null;
    const empty = () => toConnection<HitRow, SearchHit>([], CURSOR, first, async () => 0, undefined, args.after ?? null);

    // threads: the content rule on t; replies: the rule of every reply list (the thread's
    // visibility, hidden with their thread), and deleted replies excluded for everyone
    const visible = AccessPolicy.contentPredicate(viewer, 't');
    const postVisible = postVisibilityPredicate(viewer, { excludeDeleted: true });
    const access = { ...visible.params, ...postVisible.params };
    const threadConds = [visible.sql];
    const postConds = [postVisible.sql];
    const filter = args.filter ?? {};
    if (filter.topicId !== undefined && filter.topicId !== null) {
      if (!isUuid(filter.topicId)) return empty();
      threadConds.push(`t.topic_id IN ${topicSubtreeSql('topicId')}`);
      // the same condition on a reply alone, as an array of the topic's threads (read once from
      // their index): the replies are then read by thread from posts (thread_id, created_at, id),
      // within the tier's window, rather than the window's replies of every topic tested one by one
      postConds.push(`p.thread_id = ANY (ARRAY(SELECT ft.id FROM threads ft WHERE ft.topic_id = ANY (ARRAY${topicSubtreeSql('topicId')})))`);
      access.topicId = filter.topicId;
    }
    if (filter.kind) {
      threadConds.push('t.kind = :kind');
      access.kind = filter.kind;
    }
    const terms = await this.parser.parse(query);
    if (terms.any === null) return empty(); // stop words or punctuation only: nothing can match
    const sql = () => new SearchSql(terms, threadConds.join(' AND '), postConds.join(' AND '), { ...access });

    // a first page of a windowed term starts with the tier the last one ended in, when recent
    const firstKey = !cursor && terms.window !== null ? JSON.stringify([query, threadConds, postConds, access]) : null;
    const known = firstKey !== null ? this.firstTiers.get(firstKey) : undefined;
    const rows: HitRow[] = [];
    let tier: Tier | null = cursor?.tier ?? (known && Date.now() - known.at < FIRST_TIER_MS ? known.tier : null);
    let after = cursor?.after ?? null;
    let hi: RecencyKey | null = null;
    let found = false; // whether a tier was found anew (not named by the cursor or the cache)
    for (let i = 0; first > 0; i++) {
      // a tier found anew ranks its TIER_CAP newest matches at most (a window wider than estimated holds many more)
      let cap: number | null = null;
      if (!tier) {
        tier = await this.nextTier(sql(), terms, hi, i);
        found = true;
        if (terms.window !== null) cap = TIER_CAP;
      }
      const page = sql();
      if (loaders) this.columns ??= `${prefixedColumns(this.dataSource, ThreadEntity, 't', 't__')}, ${prefixedColumns(this.dataSource, PostEntity, 'p', 'p__')}`;
      const hits = await this.run<HitRow>(page.page(tier, after, first + 1 - rows.length, loaders ? this.columns : '', cap), page.params);
      const edge = hits.find((r) => r.lo_at != null);
      if (edge) tier = { hi: tier.hi, lo: { at: iso(edge.lo_at!), id: edge.lo_id! } };
      for (const r of hits) {
        r.rank = Number(r.rank);
        r.answered = Number(r.answered);
        r.tier = { hi: tier.hi, lo: tier.lo };
        if (loaders) this.prime(loaders, r);
        rows.push(r);
      }
      if (rows.length > first || tier.lo === null) break;
      hi = tier.lo; // the next older tier
      tier = null;
      after = null;
    }
    if (firstKey !== null && found && tier) await this.rememberFirstTier(firstKey, tier.lo, sql());
    return toConnection(
      rows,
      CURSOR,
      first,
      () => this.count(sql()),
      (r) => this.hit(viewer, r),
      args.after ?? null,
    );
  }

  /**
   * The tiers a first page went through, as one (`lo` up): the next first pages rank them together
   * (at most TIER_CAP matches and a page's worth from the sparse tiers above) in one statement.
   * How many posts it spans (counted on the recency index) picks how its rows are read.
   */
  private async rememberFirstTier(key: string, lo: RecencyKey | null, sql: SearchSql): Promise<void> {
    const tier: Tier = { hi: null, lo };
    if (lo) {
      const [span] = await this.run<{ n: number }>(sql.span(lo), sql.params);
      tier.width = Number(span.n);
    }
    this.firstTiers.delete(key);
    this.firstTiers.set(key, { at: Date.now(), tier });
    if (this.firstTiers.size > FIRST_TIER_CACHE) this.firstTiers.delete(this.firstTiers.keys().next().value as string);
  }

  /** Hands the request's loaders the row's thread and reply (for the fields of `Thread` and `Post` that read them again). */
  private prime(loaders: LoaderRegistry, row: HitRow): void {
    const manager = this.dataSource.manager;
    row.threadEntity = entityFromRow(manager, ThreadEntity, row, 't__');
    this.threads.prime(loaders, row.threadEntity);
    row.postEntity = row.post_id ? entityFromRow(manager, PostEntity, row, 'p__') : null;
    if (row.postEntity) this.posts.prime(loaders, row.postEntity);
  }

  /**
   * The page's hit. With the row's thread and reply read: `SearchHit.thread` and `SearchHit.post`
   * answered at once (read-ahead) with what their resolvers would answer from the primed loaders —
   * the access policy decides each (`ThreadAccess.isVisibleTo`, `PostAccess.isVisibleIn`); a thread
   * it refuses is left to the resolver (NOT_FOUND there), a reply it refuses is null.
   */
  private hit(viewer: Viewer | null, r: HitRow): SearchHit {
    const hit = Object.assign(new SearchHit(), { threadId: r.thread_id, postId: r.post_id, rank: r.rank, snippet: snippetHtml(r.snippet ?? '') });
    const thread = r.threadEntity;
    if (thread && r.postEntity !== undefined) {
      const post = r.postEntity;
      const values: Record<string, unknown> = { post: post && this.posts.isVisibleIn(viewer, thread, post) ? Post.fromEntity(post) : null };
      if (this.threads.isVisibleTo(viewer, thread)) values.thread = Thread.fromEntity(thread);
      setReadAhead(hit, values);
    }
    return hit;
  }

  /** The tier below `hi`: the window of the `terms.window` newest posts below it (times 4^widen), or all that is left. */
  private async nextTier(sql: SearchSql, terms: SearchTerms, hi: RecencyKey | null, widen: number): Promise<Tier> {
    if (terms.window === null || widen >= MAX_WIDENING) return { hi, lo: null };
    const width = terms.window * 4 ** widen;
    const read = async () => {
      const [start] = await this.run<{ at: Date; id: string }>(sql.windowStart(hi, width), sql.params);
      return start ? { at: iso(start.at), id: start.id } : null;
    };
    if (hi) return { hi, lo: await read(), width };
    let newest = this.newestWindows.get(width);
    if (!newest || Date.now() - newest.at > NEWEST_WINDOW_MS) {
      newest = { at: Date.now(), start: read() };
      this.newestWindows.set(width, newest);
      newest.start.catch(() => this.newestWindows.delete(width));
    }
    return { hi, lo: await newest.start, width };
  }

  /** Exact while neither kind of hit has more than EXACT_COUNT_UP_TO matches; beyond, the planner's estimate (never less than what was counted). */
  private async count(sql: SearchSql): Promise<number> {
    const [capped] = await this.run<{ threads: number; posts: number }>(sql.cappedCount(), sql.params);
    const exact = Number(capped.threads) + Number(capped.posts);
    if (capped.threads <= EXACT_COUNT_UP_TO && capped.posts <= EXACT_COUNT_UP_TO) return exact;
    const [plan] = await this.run<{ 'QUERY PLAN': unknown }>(sql.estimate(), sql.params);
    const json = plan['QUERY PLAN'];
    const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: { 'Plan Rows': number } }[];
    return Math.max(exact, Math.round(parsed[0].Plan['Plan Rows']));
  }

  private run<T = any>(sql: string, params: Record<string, unknown>): Promise<T[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(query, values);
  }
}
