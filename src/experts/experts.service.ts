import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RecordRules } from '../access/record-rules';
import { Role } from '../access/roles';
import { Viewer } from '../access/viewer';
import { normalizeLanguage } from '../forum/content/language';
import { renderMarkdown } from '../forum/content/markdown';
import { Topic } from '../forum/topics/topic.type';
import { TopicsRepository } from '../forum/topics/topics.repository';
import { TopicsService } from '../forum/topics/topics.service';
import { UsersService } from '../identity/users/users.service';
import { AuditService } from '../platform/audit/audit.service';
import { BadInputError, DomainError, ForbiddenError, NotFoundError, EmailNotVerifiedError } from '../platform/errors/domain-errors';
import { DomainEventBus } from '../platform/events/domain-event-bus';
import { byKey, groupByKey, LoaderRegistry } from '../platform/graphql/loaders';
import { NodeLoader } from '../platform/graphql/node-loaders';
import { Connection } from '../platform/graphql/pagination/connection.types';
import { pageSize } from '../platform/graphql/pagination/keyset';
import { isIsoCountry } from '../platform/validation/iso-country';
import { isUuid } from '../platform/validation/uuid';
import { ApplyAsExpertInput } from './dto/apply-as-expert.input';
import { ExpertApplicationsArgs, ExpertsArgs } from './dto/expert-filter.input';
import { EXPERT_LIMITS } from './expert-limits';
import { ExpertProfile, ExpertProfileRow } from './expert-profile.type';
import { ExpertAsksRepository } from './expert-asks.repository';
import { DirectoryFilter, ExpertProfilesRepository, ProfileWrite } from './expert-profiles.repository';
import { ExpertStatus } from './expert-status.enum';

/** The configurations `forum_ts_config` maps languages to (see the ForumCore migration). */
const SEARCH_CONFIGS = ['english', 'french', 'spanish', 'portuguese', 'indonesian', 'simple'];

/** Primary language subtag, lower case: "pt-BR" → "pt". */
export const primaryLanguage = (tag: string): string => tag.split('-')[0].toLowerCase();

const collapse = (s: string) => s.trim().replace(/\s+/g, ' ');

/** A country code as given ("gh", " GH ") checked against ISO 3166-1 alpha-2. */
function country(raw: string, field: string): string {
  const code = raw.trim().toUpperCase();
  if (!isIsoCountry(code)) throw new BadInputError(`${field} must hold ISO 3166-1 alpha-2 country codes such as "GH", got "${raw.slice(0, 10)}".`, field);
  return code;
}

/** A BCP-47 tag, normalized, with the error naming `field`. */
function language(raw: string, field: string): string {
  if (raw.trim() === '') throw new BadInputError(`${field} must hold BCP-47 language tags such as "en" or "pt-BR".`, field);
  try {
    return normalizeLanguage(raw);
  } catch (err) {
    if (err instanceof DomainError) throw new BadInputError(err.message.replace(/^language/, field), field);
    throw err;
  }
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

/**
 * Expert profiles: applying, reviewing (audited, with the role EXPERT), reading them (batched,
 * checked with `RecordRules.canSeeExpertProfile`) and the directory. SQL is the repositories';
 * side effects (notifications) hang on the domain events emitted here.
 */
@Injectable()
export class ExpertsService {
  private configs: Promise<string[]> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly profiles: ExpertProfilesRepository,
    private readonly asks: ExpertAsksRepository,
    private readonly topicRows: TopicsRepository,
    private readonly topics: TopicsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly events: DomainEventBus,
  ) {}

  // ---------------------------------------------------------------- write

  /**
   * Creates or replaces the viewer's profile. New: PENDING. A VERIFIED profile stays VERIFIED;
   * a REJECTED one is a new application (PENDING). Validated as documented on the input.
   */
  async apply(viewer: Viewer, input: ApplyAsExpertInput): Promise<ExpertProfile> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    const L = EXPERT_LIMITS;
    const headline = collapse(input.headline ?? '');
    if (headline.length < L.headline.min || headline.length > L.headline.max) throw new BadInputError(`headline must be ${L.headline.min} to ${L.headline.max} characters.`, 'headline');
    const bio = (input.bio ?? '').replace(/\s+$/, '');
    if (bio.trim().length < L.bio.min || bio.length > L.bio.max) throw new BadInputError(`bio must be ${L.bio.min} to ${L.bio.max} characters.`, 'bio');
    const topicIds = unique(input.topicIds ?? []);
    if (topicIds.length < L.topics.min || topicIds.length > L.topics.max) throw new BadInputError(`topicIds must name ${L.topics.min} to ${L.topics.max} topics.`, 'topicIds');
    if (!topicIds.every(isUuid)) throw new BadInputError('topicIds must be topic ids.', 'topicIds');
    const countries = unique((input.countries ?? []).map((c) => country(c, 'countries')));
    if (countries.length > L.countries.max) throw new BadInputError(`countries may name at most ${L.countries.max} countries.`, 'countries');
    const languages = unique((input.languages ?? []).map((l) => language(l, 'languages')));
    if (languages.length < L.languages.min || languages.length > L.languages.max) {
      throw new BadInputError(`languages must name ${L.languages.min} to ${L.languages.max} languages.`, 'languages');
    }
    const profileLanguage = input.language === null || input.language === undefined ? languages[0] : language(input.language, 'language');

    // topics are read before the transaction: the embedded database shares one session, so a
    // transaction must never wait on a second connection
    const known = await this.topicRows.findByIds(topicIds);
    if (known.length !== topicIds.length) throw new BadInputError('topicIds names a topic that does not exist.', 'topicIds');
    return this.dataSource.transaction(async (manager) => {
      const write: ProfileWrite = {
        userId: viewer.id,
        headline,
        bio,
        bioHtml: renderMarkdown(bio),
        language: profileLanguage,
        countries,
        languages,
        availableForQuestions: input.availableForQuestions ?? null,
      };
      const { id, created, status } = await this.profiles.upsert(manager, write);
      await this.profiles.replaceTopics(manager, id, topicIds);
      await this.events.emit(manager, 'expert.applied', { profileId: id, userId: viewer.id, created, status });
      return ExpertProfile.fromRow((await this.profiles.findByIds([id], manager))[0]);
    });
  }

  /**
   * MODERATOR or ADMIN (`RecordRules.canReviewExpert`, never one's own profile). Approval:
   * VERIFIED, and role EXPERT for a MEMBER (staff keep their role). Rejection: REJECTED with the
   * note, the role kept; rejecting a VERIFIED profile withdraws the verification and an EXPERT
   * becomes MEMBER again. Audited (`expert.approve` / `expert.reject` on the profile, `user.role`
   * when the role changes) and notified, in one transaction. Repeating the same decision with
   * the same note changes nothing.
   */
  async review(viewer: Viewer, userId: string, approve: boolean, rawNote: string | null | undefined): Promise<ExpertProfile> {
    if (!RecordRules.canReviewExpert(viewer, null)) throw new ForbiddenError('Expert review is for ADMIN and MODERATORs not limited to topics.');
    if (!isUuid(userId)) throw new NotFoundError('The expert profile');
    const note = rawNote === null || rawNote === undefined || rawNote.trim() === '' ? null : rawNote.trim();
    if (note !== null && note.length > EXPERT_LIMITS.reviewNote.max) throw new BadInputError(`note must be at most ${EXPERT_LIMITS.reviewNote.max} characters.`, 'note');
    return this.dataSource.transaction(async (manager) => {
      const row = await this.profiles.lockByUserId(manager, userId);
      if (!row || !RecordRules.canSeeExpertProfile(viewer, { userId: row.user_id, status: row.status })) throw new NotFoundError('The expert profile');
      if (!RecordRules.canReviewExpert(viewer, { userId: row.user_id, status: row.status })) {
        throw new ForbiddenError('Only a MODERATOR or an ADMIN may review an expert profile, and never their own.');
      }
      const status = approve ? ExpertStatus.VERIFIED : ExpertStatus.REJECTED;
      if (row.status === status && row.review_note === note) return ExpertProfile.fromRow(row);
      await this.profiles.recordReview(manager, row.id, { status, note, reviewerId: viewer.id });
      const action = approve ? 'expert.approve' : 'expert.reject';
      const roleChanged = approve
        ? await this.users.changeRoleIf(manager, { actorId: viewer.id, userId, from: [Role.MEMBER], to: Role.EXPERT, reason: action })
        : row.status === ExpertStatus.VERIFIED && (await this.users.changeRoleIf(manager, { actorId: viewer.id, userId, from: [Role.EXPERT], to: Role.MEMBER, reason: action }));
      await this.audit.record(manager, {
        actorId: viewer.id,
        action,
        targetType: 'EXPERT_PROFILE',
        targetId: row.id,
        details: { userId, before: { status: row.status }, after: { status }, note, roleChanged },
      });
      await this.events.emit(manager, 'expert.reviewed', { profileId: row.id, userId, approved: approve, previousStatus: row.status, status, note, actorId: viewer.id });
      return ExpertProfile.fromRow((await this.profiles.findByIds([row.id], manager))[0]);
    });
  }

  // ---------------------------------------------------------------- read

  /** `node(id)` and the profile's own reads: batched, null when the viewer may not see it. */
  @NodeLoader('ExpertProfile')
  async loadVisible(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<ExpertProfile | null> {
    if (!isUuid(id)) return null;
    const row = await loaders
      .get<string, ExpertProfileRow | null>('expertProfile.byId', async (ids) => byKey(ids, await this.profiles.findByIds(ids), (r) => r.id))
      .load(id);
    return this.visible(viewer, row);
  }

  /** `User.expertProfile`: one batched statement for every user of the request. */
  async forUser(loaders: LoaderRegistry, viewer: Viewer | null, userId: string): Promise<ExpertProfile | null> {
    const row = await loaders
      .get<string, ExpertProfileRow | null>('expertProfile.byUser', async (ids) => byKey(ids, await this.profiles.findByUserIds(ids), (r) => r.user_id))
      .load(userId);
    return this.visible(viewer, row);
  }

  /** The topics of the expertise, in the expert's order (batched, then topics batched). */
  async expertise(loaders: LoaderRegistry, profile: ExpertProfile): Promise<Topic[]> {
    const ids = await loaders
      .get<string, string[]>('expertProfile.topics', async (profileIds) =>
        groupByKey(profileIds, await this.profiles.topicsOf(profileIds), (r) => r.profile_id).map((rows) => rows.map((r) => r.topic_id)),
      )
      .load(profile.id);
    const topics = await Promise.all(ids.map((id) => this.topics.load(loaders, id)));
    return topics.filter((t): t is Topic => t !== null);
  }

  /** Median minutes from ask to first reply (last 90 days), null below 3 asks; batched. */
  responsiveness(loaders: LoaderRegistry, profile: ExpertProfile): Promise<number | null> {
    const R = EXPERT_LIMITS.responsiveness;
    return loaders
      .get<string, number | null>('expertProfile.responsiveness', async (userIds) => {
        const found = await this.asks.responsiveness(userIds, R.days, R.minAsks);
        return userIds.map((id) => found.get(id) ?? null);
      })
      .load(profile.userId);
  }

  /** The directory: VERIFIED only; filters validated here (see ExpertFilter). */
  async directory(args: ExpertsArgs): Promise<Connection<ExpertProfile>> {
    const first = pageSize(args);
    const f = args.filter ?? {};
    const search = f.search === null || f.search === undefined ? '' : f.search.trim();
    if (search.length > EXPERT_LIMITS.search.max) throw new BadInputError(`search must be at most ${EXPERT_LIMITS.search.max} characters.`, 'search');
    const filter: DirectoryFilter = {
      topicId: f.topicId ?? null,
      country: f.country === null || f.country === undefined ? null : country(f.country, 'country'),
      language: f.language === null || f.language === undefined ? null : primaryLanguage(language(f.language, 'language')),
      sector: f.sector ?? null,
      search: search === '' ? null : search,
    };
    if (filter.topicId !== null && !isUuid(filter.topicId)) throw new BadInputError('topicId must be a topic id.', 'topicId');
    const conn = await this.profiles.directory(filter, filter.search === null ? [] : await this.searchConfigs(), first, args.after ?? null);
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: ExpertProfile.fromRow(e.node) })) };
  }

  /** `expertApplications` (MODERATOR, ADMIN): profiles of a status, oldest submission first. */
  async applications(viewer: Viewer, args: ExpertApplicationsArgs): Promise<Connection<ExpertProfile>> {
    if (!RecordRules.canReviewExpert(viewer, null)) throw new ForbiddenError('Expert review is for ADMIN and MODERATORs not limited to topics.');
    const conn = await this.profiles.byStatus(args.status ?? ExpertStatus.PENDING, pageSize(args), args.after ?? null);
    return { ...conn, edges: conn.edges.map((e) => ({ cursor: e.cursor, node: ExpertProfile.fromRow(e.node) })) };
  }

  private visible(viewer: Viewer | null, row: ExpertProfileRow | null): ExpertProfile | null {
    return row && RecordRules.canSeeExpertProfile(viewer, { userId: row.user_id, status: row.status }) ? ExpertProfile.fromRow(row) : null;
  }

  private searchConfigs(): Promise<string[]> {
    this.configs ??= this.dataSource
      .query(`SELECT cfgname FROM pg_catalog.pg_ts_config WHERE cfgname = ANY($1::text[])`, [SEARCH_CONFIGS])
      .then((rows: { cfgname: string }[]) => SEARCH_CONFIGS.filter((c) => rows.some((r) => r.cfgname === c)));
    return this.configs;
  }
}
