import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sector } from '../access/roles';
import { topicSubtreeSql } from '../forum/topics/topics.repository';
import { BadInputError } from '../platform/errors/domain-errors';
import { Connection } from '../platform/graphql/pagination/connection.types';
import { decodeCursor, KeysetKey, toConnection } from '../platform/graphql/pagination/keyset';
import { isUuid } from '../platform/validation/uuid';
import { ExpertStatus } from './expert-status.enum';
import { ExpertProfileRow } from './expert-profile.type';

/** A profile's own fields as `applyAsExpert` writes them (validated). */
export interface ProfileWrite {
  userId: string;
  headline: string;
  bio: string;
  bioHtml: string;
  language: string;
  countries: string[];
  languages: string[];
  /** Null: a new profile is available, an existing one keeps its choice. */
  availableForQuestions: boolean | null;
}

/** What the directory filters on, validated and normalized by the service. */
export interface DirectoryFilter {
  topicId: string | null;
  country: string | null;
  /** Primary language subtag, lower case ("pt"). */
  language: string | null;
  sector: Sector | null;
  search: string | null;
}

/** What `suggestedExperts` ranks against (see `rankForThread`). */
export interface RankingInput {
  topicId: string;
  /** Primary subtag of the thread's language. */
  language: string;
  /** Countries of the thread (tags, asker): ISO codes. */
  countries: string[];
  /** Never suggested (the thread's author, the viewer). */
  excludeUserIds: string[];
  responsivenessDays: number;
  responsivenessMinAsks: number;
}

/** One ranked candidate: profile and owner. */
export interface RankedExpert {
  id: string;
  user_id: string;
}

/** The columns of a profile and its owner's counters; `p` is expert_profiles, `r` user_reputation. */
const PROFILE_COLUMNS = `p.id, p.user_id, p.headline, p.bio, p.bio_html, p.language, p.countries, p.languages, p.status,
       p.available_for_questions, p.review_note, p.reviewed_at, p.verified_at, p.submitted_at, p.created_at, p.updated_at,
       coalesce(r.reputation, 0)::int AS reputation, coalesce(r.answer_count, 0)::int AS answer_count,
       coalesce(r.accepted_answer_count, 0)::int AS accepted_answer_count`;
const PROFILE_FROM = `expert_profiles p LEFT JOIN user_reputation r ON r.user_id = p.user_id`;

/** SQL: the expert answers in language `:param` (primary subtags compared). */
const speaks = (param: string) => `EXISTS (SELECT 1 FROM unnest(p.languages) AS l(tag) WHERE lower(split_part(l.tag, '-', 1)) = :${param})`;

type SortedRow = ExpertProfileRow & { sort_key: number };

/**
 * The `expert_profiles` and `expert_topics` tables: every SQL statement on them goes through
 * here. Reads join the owner's counters (`user_reputation`, written only by
 * `ReputationRepository`). Methods that write take the caller's transaction.
 */
@Injectable()
export class ExpertProfilesRepository {
  constructor(private readonly dataSource: DataSource) {}

  // ---------------------------------------------------------------- rows

  /**
   * Creates the user's profile (PENDING) or replaces its fields. A VERIFIED profile stays
   * VERIFIED; a REJECTED one becomes PENDING again (a new application, submitted now); a
   * PENDING one stays in the queue at its place. Row-locked by the upsert until commit.
   */
  async upsert(manager: EntityManager, w: ProfileWrite): Promise<{ id: string; created: boolean; status: ExpertStatus }> {
    const rows: { id: string; created: boolean; status: ExpertStatus }[] = await manager.query(
      `INSERT INTO expert_profiles AS p (user_id, headline, bio, bio_html, language, display_name, countries, languages, available_for_questions)
       SELECT $1, $2, $3, $4, $5, u.display_name, $6::text[], $7::text[], coalesce($8::boolean, true) FROM users u WHERE u.id = $1
       ON CONFLICT (user_id) DO UPDATE SET
         headline = EXCLUDED.headline, bio = EXCLUDED.bio, bio_html = EXCLUDED.bio_html, language = EXCLUDED.language,
         display_name = EXCLUDED.display_name, countries = EXCLUDED.countries, languages = EXCLUDED.languages,
         available_for_questions = coalesce($8::boolean, p.available_for_questions),
         status = CASE WHEN p.status = 'REJECTED' THEN 'PENDING'::expert_status ELSE p.status END,
         submitted_at = CASE WHEN p.status = 'REJECTED' THEN now() ELSE p.submitted_at END,
         updated_at = now()
       RETURNING p.id, (xmax = 0) AS created, p.status`,
      [w.userId, w.headline, w.bio, w.bioHtml, w.language, w.countries, w.languages, w.availableForQuestions],
    );
    if (!rows.length) throw new Error('applicant missing');
    return rows[0];
  }

  /** Sets the profile's expertise: exactly these topics, in this order. */
  async replaceTopics(manager: EntityManager, profileId: string, topicIds: string[]): Promise<void> {
    await manager.query(`DELETE FROM expert_topics WHERE profile_id = $1`, [profileId]);
    await manager.query(
      `INSERT INTO expert_topics (profile_id, topic_id, position) SELECT $1, t.id, t.pos - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(id, pos)`,
      [profileId, topicIds],
    );
  }

  /** The user's profile with counters, locked for a review (FOR UPDATE of the profile row). */
  async lockByUserId(manager: EntityManager, userId: string): Promise<ExpertProfileRow | null> {
    const rows: ExpertProfileRow[] = await manager.query(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.user_id = $1 FOR UPDATE OF p`, [userId]);
    return rows[0] ?? null;
  }

  /** Records a review: the new status, the note, who and when; the first verification is kept. */
  async recordReview(manager: EntityManager, id: string, review: { status: ExpertStatus; note: string | null; reviewerId: string }): Promise<void> {
    await manager.query(
      `UPDATE expert_profiles SET status = $2::expert_status, review_note = $3, reviewed_by_id = $4, reviewed_at = now(), updated_at = now(),
              verified_at = CASE WHEN $2::expert_status = 'VERIFIED' THEN coalesce(verified_at, now()) ELSE verified_at END
        WHERE id = $1`,
      [id, review.status, review.note, review.reviewerId],
    );
  }

  /** Demo seed: a profile created already reviewed (VERIFIED or PENDING), with its topics. */
  async insertReviewed(manager: EntityManager, w: ProfileWrite & { status: ExpertStatus }, topicIds: string[]): Promise<string> {
    const { id } = await this.upsert(manager, w);
    if (w.status === ExpertStatus.VERIFIED) {
      await manager.query(`UPDATE expert_profiles SET status = 'VERIFIED', verified_at = now(), reviewed_at = now() WHERE id = $1`, [id]);
    }
    await this.replaceTopics(manager, id, topicIds);
    return id;
  }

  findByIds(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<ExpertProfileRow[]> {
    return manager.query(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.id = ANY($1::uuid[])`, [[...ids]]);
  }

  findByUserIds(userIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<ExpertProfileRow[]> {
    return manager.query(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.user_id = ANY($1::uuid[])`, [[...userIds]]);
  }

  /** The profile whose id, or whose owner's user id, is `id` (askExpert takes either). */
  async findByIdOrUserId(manager: EntityManager, id: string): Promise<ExpertProfileRow | null> {
    const rows: ExpertProfileRow[] = await manager.query(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.id = $1 OR p.user_id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Expertise topic ids of these profiles, in each profile's order. */
  topicsOf(profileIds: readonly string[]): Promise<{ profile_id: string; topic_id: string }[]> {
    return this.dataSource.query(`SELECT profile_id, topic_id FROM expert_topics WHERE profile_id = ANY($1::uuid[]) ORDER BY profile_id, position`, [[...profileIds]]);
  }

  // ---------------------------------------------------------------- lists

  /**
   * `experts`: VERIFIED profiles with the filters, keyset-paginated; by relevance (ts_rank of the
   * profile's own-language query) when searching, else by reputation; then id. `search` is
   * matched with the GIN index (the query parsed in every configuration, OR-ed, as a constant)
   * and then exactly in each profile's language (`forum_ts_config(p.language)`).
   */
  async directory(filter: DirectoryFilter, searchConfigs: string[], first: number, after: string | null): Promise<Connection<ExpertProfileRow>> {
    const conds = [`p.status = 'VERIFIED'`];
    const params: Record<string, unknown> = {};
    if (filter.topicId !== null) {
      conds.push(`EXISTS (SELECT 1 FROM expert_topics et WHERE et.profile_id = p.id AND et.topic_id IN ${topicSubtreeSql('topicId')})`);
      params.topicId = filter.topicId;
    }
    if (filter.country !== null) {
      conds.push(`p.countries @> ARRAY[:country]::text[]`);
      params.country = filter.country;
    }
    if (filter.language !== null) {
      conds.push(speaks('language'));
      params.language = filter.language;
    }
    if (filter.sector !== null) {
      conds.push(`EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
                           WHERE m.user_id = p.user_id AND m.status = 'APPROVED' AND o.sector = :sector)`);
      params.sector = filter.sector;
    }
    let sort = 'coalesce(r.reputation, 0)';
    let cast = 'int';
    if (filter.search !== null) {
      const own = `websearch_to_tsquery(forum_ts_config(p.language), :search)`;
      const any = '(' + searchConfigs.map((c) => `websearch_to_tsquery('pg_catalog.${c}', :search)`).join(' || ') + ')';
      conds.push(`p.search_vector @@ ${any} AND p.search_vector @@ ${own}`);
      params.search = filter.search;
      sort = `ts_rank(p.search_vector, ${own})`;
      cast = 'real';
    }
    const where = conds.join(' AND ');
    let keyset = '';
    if (after) {
      const [key, id] = decodeCursor(after, 2);
      const keyOk = cast === 'int' ? Number.isInteger(key) && Math.abs(key as number) <= 2_147_483_647 : typeof key === 'number' && Number.isFinite(key);
      if (!keyOk || !isUuid(id)) throw new BadInputError('The cursor is not valid for this list.', 'after');
      keyset = `WHERE (x.sort_key < :afterKey::${cast} OR (x.sort_key = :afterKey::${cast} AND x.id < :afterId::uuid))`;
      params.afterKey = key;
      params.afterId = id;
    }
    const rows: SortedRow[] =
      first === 0
        ? []
        : await this.run(
            `SELECT x.* FROM (SELECT ${PROFILE_COLUMNS}, ${sort} AS sort_key FROM ${PROFILE_FROM} WHERE ${where}) x ${keyset}
              ORDER BY x.sort_key DESC, x.id DESC LIMIT :limit`,
            { ...params, limit: first + 1 },
          );
    const keys: KeysetKey<SortedRow>[] = [
      { expression: 'sort_key', direction: 'DESC', value: (r) => Number(r.sort_key) },
      { expression: 'id', direction: 'DESC', value: (r) => r.id },
    ];
    const count = async () => Number((await this.run(`SELECT count(*)::int AS n FROM expert_profiles p WHERE ${where}`, params))[0].n);
    return toConnection<SortedRow, ExpertProfileRow>(rows, keys, first, count, (r) => r, after);
  }

  /** `expertApplications`: profiles of one status, oldest submission first (the review queue). */
  async byStatus(status: ExpertStatus, first: number, after: string | null): Promise<Connection<ExpertProfileRow>> {
    const params: Record<string, unknown> = { status };
    let keyset = '';
    if (after) {
      const [at, id] = decodeCursor(after, 2);
      if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(at) || !Number.isFinite(Date.parse(at)) || !isUuid(id)) {
        throw new BadInputError('The cursor is not valid for this list.', 'after');
      }
      keyset = `AND (p.submitted_at, p.id) > (:afterAt::timestamptz, :afterId::uuid)`;
      params.afterAt = at;
      params.afterId = id;
    }
    const rows: ExpertProfileRow[] =
      first === 0
        ? []
        : await this.run(`SELECT ${PROFILE_COLUMNS} FROM ${PROFILE_FROM} WHERE p.status = :status ${keyset} ORDER BY p.submitted_at, p.id LIMIT :limit`, {
            ...params,
            limit: first + 1,
          });
    const keys: KeysetKey<ExpertProfileRow>[] = [
      { expression: 'p.submitted_at', direction: 'ASC', value: (r) => new Date(r.submitted_at) },
      { expression: 'p.id', direction: 'ASC', value: (r) => r.id },
    ];
    const count = async () => Number((await this.run(`SELECT count(*)::int AS n FROM expert_profiles p WHERE p.status = :status`, { status }))[0].n);
    return toConnection(rows, keys, first, count, (r) => r, after);
  }

  /**
   * Every VERIFIED, available, not suspended expert but the excluded users, best first, by:
   * 1. topic match: 2 when the expert lists the thread's topic, 1 when they list its parent or
   *    one of its subtopics (the same branch), else 0;
   * 2. language match: they answer in the thread's language (primary subtags compared);
   * 3. country match: one of their countries is among the thread's countries (tags, asker);
   * 4. accepted answers (more first);
   * 5. responsiveness: median minutes from an ask to their first reply in the thread over the
   *    last `responsivenessDays` days (unanswered asks count as the time waited so far), known
   *    from `responsivenessMinAsks` asks on (faster first, unknown last);
   * 6. recent activity: their latest answer (latest first, never last);
   * then reputation, then profile id (a stable order). Access is the caller's (per expert).
   */
  async rankForThread(input: RankingInput): Promise<RankedExpert[]> {
    return this.run(
      `WITH resp AS (
         SELECT a.expert_id, count(*) AS asks,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce(a.first_reply_at, now()) - a.created_at)) / 60 AS minutes
           FROM expert_asks a
          WHERE a.created_at > now() - make_interval(days => :days::int)
          GROUP BY a.expert_id
       ), ranked AS (
         SELECT p.id, p.user_id,
                CASE WHEN EXISTS (SELECT 1 FROM expert_topics et WHERE et.profile_id = p.id AND et.topic_id = :topicId::uuid) THEN 2
                     WHEN EXISTS (SELECT 1 FROM expert_topics et
                                   WHERE et.profile_id = p.id
                                     AND (et.topic_id = (SELECT tp.parent_id FROM topics tp WHERE tp.id = :topicId::uuid)
                                          OR et.topic_id IN (SELECT c.id FROM topics c WHERE c.parent_id = :topicId::uuid))) THEN 1
                     ELSE 0 END AS topic_match,
                ${speaks('language')} AS language_match,
                (p.countries && :countries::text[]) AS country_match,
                coalesce(r.accepted_answer_count, 0) AS accepted,
                CASE WHEN resp.asks >= :minAsks THEN resp.minutes END AS responsiveness,
                r.last_answered_at,
                coalesce(r.reputation, 0) AS reputation
           FROM expert_profiles p
           JOIN users u ON u.id = p.user_id
           LEFT JOIN user_reputation r ON r.user_id = p.user_id
           LEFT JOIN resp ON resp.expert_id = p.user_id
          WHERE p.status = 'VERIFIED' AND p.available_for_questions
            AND NOT (p.user_id = ANY(:exclude::uuid[]))
            AND (u.suspended_until IS NULL OR u.suspended_until <= now())
       )
       SELECT id, user_id FROM ranked
        ORDER BY topic_match DESC, language_match DESC, country_match DESC, accepted DESC,
                 responsiveness ASC NULLS LAST, last_answered_at DESC NULLS LAST, reputation DESC, id`,
      {
        days: input.responsivenessDays,
        minAsks: input.responsivenessMinAsks,
        topicId: input.topicId,
        language: input.language,
        countries: input.countries,
        exclude: input.excludeUserIds,
      },
    );
  }

  /** Runs SQL with named parameters (`:name`, as the access policy's predicates use). */
  private run<T = any>(sql: string, params: Record<string, unknown>, manager: EntityManager = this.dataSource.manager): Promise<T[]> {
    const [query, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return manager.query(query, values);
  }
}
