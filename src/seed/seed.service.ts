import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sector, VisibilityScope } from '../access/roles';
import { hashPassword } from '../identity/users/passwords';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { TOPIC_TREE, TopicTreeNode } from '../forum/topics/topic-tree';
import { TopicsRepository } from '../forum/topics/topics.repository';
import { renderMarkdown } from '../forum/content/markdown';
import { ExpertProfilesRepository } from '../experts/expert-profiles.repository';
import { ExpertStatus } from '../experts/expert-status.enum';
import { LiveQuestionStatus, LiveSessionStatus } from '../live-sessions/live-session.enums';
import { LiveSessionsRepository } from '../live-sessions/live-sessions.repository';
import { LiveSessionsService } from '../live-sessions/live-sessions.service';
import { DEMO_LIVE_SESSIONS, DEMO_ORGANIZATIONS, DEMO_THREADS, DEMO_USERS, DemoThread } from './demo-data';
import { ReputationRepository } from '../experts/reputation.repository';
import { planDemoForum, writeDemoForum } from './demo-forum';
import { DemoFlagsSeeder, DemoRefs } from './demo-flags.seeder';

/** A fictional demo organization: its name ends with "(demo)". */
export const isFictional = (name: string): boolean => /\(demo\)$/.test(name.trim());

/** Serializes seeding across instances (transaction-scoped, released at commit). */
const SEED_LOCK_KEY = 7_412_027;
const HOUR = 3_600_000;

/**
 * First-start content. The topic tree is real and always seeded once (marker row
 * "topic-tree"). Demo content (sample organizations, people, threads, replies, votes and
 * accepted answers) is loaded once when SEED_DEMO is on (marker "demo-content"). Each runs in
 * one transaction under an advisory transaction lock, so two instances starting together
 * seed exactly once. The demo is written in a few statements, not one per row: organizations,
 * people and memberships one statement each; the forum (threads, replies, votes, accepted
 * answers) planned in memory with its counters and reputation as the API's write paths make
 * them (`planDemoForum`), then one statement per table; expert profiles and live sessions through
 * their repositories' write paths. Then the instance that seeded it makes the demo's open flags
 * (`DemoFlagsSeeder`, through the flagging service, one transaction each), so the moderation
 * queue has work.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly topics: TopicsRepository,
    private readonly expertProfiles: ExpertProfilesRepository,
    private readonly reputation: ReputationRepository,
    private readonly liveSessions: LiveSessionsRepository,
    private readonly liveSessionsService: LiveSessionsService,
    private readonly demoFlags: DemoFlagsSeeder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    // Markers are never removed: one applied is applied for good, and `claim` would refuse it
    // anyway. Reading them first spares a restart two locking transactions and the demo
    // password's hashing.
    const applied = await this.appliedMarkers();
    if (!applied.has('topic-tree')) await this.seedTopicTree();
    const tree = Date.now();
    if (this.config.seedDemo && !applied.has('demo-content')) await this.seedDemoContent();
    this.logger.debug(`topic tree checked in ${tree - started} ms, demo content in ${Date.now() - tree} ms`);
  }

  private async appliedMarkers(): Promise<Set<string>> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM seed_markers`);
    return new Set(rows.map((r) => r.name));
  }

  /** Inserts the marker; false when another run (or instance) already did. */
  private async claim(manager: EntityManager, name: string): Promise<boolean> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const rows = await manager.query(`INSERT INTO seed_markers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name`, [name]);
    return rows.length > 0;
  }

  /**
   * The topic tree, one statement per level (parents' ids first): a topic whose slug exists is
   * kept as it is (`TopicsRepository.ensure`'s rule), and its children go under it.
   */
  async seedTopicTree(): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      if (!(await this.claim(manager, 'topic-tree'))) return 0;
      let n = 0;
      let level: { topic: TopicTreeNode; parentSlug: string | null; position: number }[] = TOPIC_TREE.map((topic, position) => ({ topic, parentSlug: null, position }));
      const ids = new Map<string, string>();
      while (level.length) {
        const rows: { id: string; slug: string }[] = await manager.query(
          `INSERT INTO topics (slug, name, description, parent_id, position)
           SELECT slug, name, description, parent_id, position FROM jsonb_to_recordset($1::jsonb) AS x(slug text, name text, description text, parent_id uuid, position int)
           ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id, slug`,
          [
            JSON.stringify(
              level.map(({ topic, parentSlug, position }) => ({
                slug: topic.slug,
                name: topic.name,
                description: topic.description,
                parent_id: parentSlug === null ? null : ids.get(parentSlug),
                position,
              })),
            ),
          ],
        );
        for (const r of rows) ids.set(r.slug, r.id);
        n += level.length;
        level = level.flatMap(({ topic }) => (topic.children ?? []).map((child, position) => ({ topic: child, parentSlug: topic.slug, position })));
      }
      return n;
    });
    if (created) this.logger.log(`seeded the topic tree (${created} topics)`);
  }

  async seedDemoContent(): Promise<void> {
    // Never a documented password: DEMO_PASSWORD when set, else random for this database.
    const password = this.config.demoPassword ?? randomBytes(18).toString('base64url');
    // one hash for every demo account, computed (off the event loop) while the seed starts writing
    const passwordHash = hashPassword(password);
    passwordHash.catch(() => undefined);
    const summary = await this.dataSource.transaction(async (manager) => {
      if (!(await this.claim(manager, 'demo-content'))) return null;
      const orgIds = await this.seedOrganizations(manager);
      const userIds = await this.seedUsers(manager, await passwordHash, orgIds);
      const topicIds = await this.topics.idsBySlug(manager);
      const experts = await this.seedExpertProfiles(manager, userIds, topicIds);
      // Spread threads over the past weeks, oldest first, so that the lists look lived in.
      const forum = await this.seedThreads(manager, DEMO_THREADS, userIds, topicIds, Date.now());
      const refs: DemoRefs = { users: userIds, ...forum.refs };
      const live = await this.seedLiveSessions(manager, userIds, topicIds);
      return { orgs: orgIds.size, users: userIds.size, experts, threads: forum.threads + live.archived, replies: forum.replies, live: live.sessions, refs };
    });
    if (!summary) return;
    // after the commit: each flag is a transaction of the flagging service (never nested in the seed's)
    const flags = await this.demoFlags.seed(summary.refs);
    this.logger.log(`seeded ${flags} open demo flags for the moderation queue`);
    this.logger.log(
      `seeded demo content: ${summary.orgs} organizations, ${summary.users} users, ${summary.experts} expert profiles, ${summary.threads} threads, ${summary.replies} replies, ${summary.live} live sessions`,
    );
    const emails = DEMO_USERS.map((u) => u.email.toLowerCase()).join(', ');
    if (this.config.demoPassword === null) {
      this.logger.warn(`demo accounts (${emails}) share the generated password "${password}" (shown once; set DEMO_PASSWORD to choose it)`);
    } else {
      this.logger.warn(`demo accounts (${emails}) use the password from DEMO_PASSWORD`);
    }
  }

  /**
   * Demo live sessions through the live-session repository (counters included): an upcoming
   * one with RSVPs and pre-asked, upvoted questions, and an ended one archived into a thread
   * by the same archive path as `endLiveSession`. Returns how many sessions and archive threads.
   */
  private async seedLiveSessions(manager: EntityManager, userIds: Map<string, string>, topicIds: Map<string, string>): Promise<{ sessions: number; archived: number }> {
    const now = Date.now();
    let archived = 0;
    for (const demo of DEMO_LIVE_SESSIONS) {
      const start = new Date(Math.round((now + demo.startInHours * HOUR) / 60_000) * 60_000);
      const end = new Date(start.getTime() + demo.durationMinutes * 60_000);
      const ended = demo.status === 'ENDED';
      const hostIds = demo.hostKeys.map((k) => userIds.get(k)!);
      const session = await this.liveSessions.insert(manager, {
        title: demo.title,
        description: demo.description,
        descriptionHtml: renderMarkdown(demo.description),
        topicId: topicIds.get(demo.topicSlug)!,
        createdById: hostIds[0],
        language: 'en',
        scheduledStartAt: start,
        scheduledEndAt: end,
        visibilityScope: demo.visibility.scope as VisibilityScope,
        visibilitySectors: (demo.visibility.sectors ?? []) as Sector[],
        capacity: demo.capacity,
        status: ended ? LiveSessionStatus.ENDED : LiveSessionStatus.SCHEDULED,
        startedAt: ended ? start : null,
        endedAt: ended ? end : null,
        summary: demo.summary ?? null,
      });
      await this.liveSessions.setHosts(manager, session.id, hostIds);
      for (const k of demo.rsvpKeys) await this.liveSessions.addRsvp(manager, session.id, userIds.get(k)!);
      for (const q of demo.questions) {
        const question = await this.liveSessions.insertQuestion(manager, { sessionId: session.id, authorId: userIds.get(q.authorKey)!, body: q.body, bodyHtml: renderMarkdown(q.body) });
        for (const v of q.upvoterKeys) await this.liveSessions.setUpvote(manager, question.id, userIds.get(v)!, true);
        if (q.status && q.status !== 'OPEN') {
          const answered = q.status === 'ANSWERED';
          await this.liveSessions.updateQuestion(manager, question.id, {
            status: q.status as LiveQuestionStatus,
            answer: answered ? (q.answer ?? null) : null,
            answerHtml: answered && q.answer ? renderMarkdown(q.answer) : null,
            answered,
          });
        }
      }
      if (ended) {
        session.hostIds = hostIds;
        await this.liveSessionsService.archive(manager, session, null, '\n\n_Sample thread (demo data)._');
        archived++;
      }
    }
    return { sessions: DEMO_LIVE_SESSIONS.length, archived };
  }

  /** The demo organizations, in one statement; an organization of the same name is reused. */
  private async seedOrganizations(manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(
      `INSERT INTO organizations (name, acronym, sector, country, email_domains, verified)
       SELECT name, acronym, sector, country, email_domains, true
         FROM jsonb_to_recordset($1::jsonb) AS x(name text, acronym text, sector sector, country text, email_domains text[])
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id, name`,
      // one row per name: a second organization of the same name is the first one
      [
        JSON.stringify(
          DEMO_ORGANIZATIONS.filter((o, i) => DEMO_ORGANIZATIONS.findIndex((first) => first.name === o.name) === i).map((o) => ({
            name: o.name,
            acronym: o.acronym,
            sector: o.sector,
            country: o.country,
            email_domains: o.emailDomains,
          })),
        ),
      ],
    );
    const byName = new Map(rows.map((r) => [r.name, r.id]));
    return new Map(DEMO_ORGANIZATIONS.map((o) => [o.key, byName.get(o.name)!]));
  }

  /**
   * Demo users (is_demo, one shared password hash, emails verified), with APPROVED memberships, in one statement
   * each. Existing accounts are left alone: a demo user whose email or handle is taken is skipped.
   */
  private async seedUsers(manager: EntityManager, passwordHash: string, orgIds: Map<string, string>): Promise<Map<string, string>> {
    const rows: { id: string; email: string }[] = await manager.query(
      `INSERT INTO users (email, handle, display_name, password_hash, role, country, languages, is_demo, email_verified_at)
       SELECT email, handle, display_name, $2, role, country, languages, true, now()
         FROM jsonb_to_recordset($1::jsonb) AS x(email text, handle text, display_name text, role user_role, country text, languages text[])
       ON CONFLICT DO NOTHING RETURNING id, email`,
      [JSON.stringify(DEMO_USERS.map((u) => ({ email: u.email.toLowerCase(), handle: u.handle, display_name: u.displayName, role: u.role, country: u.country, languages: u.languages }))), passwordHash],
    );
    // rows are inserted in the order given: of two demo users with one email, the first has it
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    const ids = new Map<string, string>();
    // demo accounts administer fictional "(demo)" organizations only, never real ones
    const fictionalOrgs = new Set(DEMO_ORGANIZATIONS.filter((o) => isFictional(o.name)).map((o) => orgIds.get(o.key)));
    const memberships: { user_id: string; organization_id: string; org_role: string }[] = [];
    for (const u of DEMO_USERS) {
      const id = byEmail.get(u.email.toLowerCase());
      byEmail.delete(u.email.toLowerCase());
      if (!id) {
        this.logger.warn(`demo user ${u.handle} skipped: the email or handle is taken`);
        continue;
      }
      ids.set(u.key, id);
      const orgId = u.organizationKey ? orgIds.get(u.organizationKey) : undefined;
      if (orgId) memberships.push({ user_id: id, organization_id: orgId, org_role: u.orgRole === 'ORG_ADMIN' && fictionalOrgs.has(orgId) ? 'ORG_ADMIN' : 'MEMBER' });
    }
    if (memberships.length) {
      await manager.query(
        `INSERT INTO memberships (user_id, organization_id, status, org_role, decided_at)
         SELECT user_id, organization_id, 'APPROVED', org_role, now() FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, organization_id uuid, org_role org_role)`,
        [JSON.stringify(memberships)],
      );
      await manager.query(
        `UPDATE organizations o SET member_count = (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id AND m.status = 'APPROVED')
          WHERE o.id = ANY($1::uuid[])`,
        [[...new Set(memberships.map((m) => m.organization_id))]],
      );
    }
    return ids;
  }

  /**
   * Expert profiles of the demo people (VERIFIED, or PENDING for an application to review),
   * through the experts repository's write path; their reputation follows from the demo replies.
   */
  private async seedExpertProfiles(manager: EntityManager, userIds: Map<string, string>, topicIds: Map<string, string>): Promise<number> {
    let n = 0;
    for (const u of DEMO_USERS) {
      const userId = userIds.get(u.key);
      if (!u.expert || !userId) continue;
      await this.expertProfiles.insertReviewed(
        manager,
        {
          userId,
          headline: u.expert.headline,
          bio: u.expert.bio,
          bioHtml: renderMarkdown(u.expert.bio),
          language: u.expert.language ?? u.expert.languages[0],
          countries: u.expert.countries,
          languages: u.expert.languages,
          availableForQuestions: u.expert.availableForQuestions ?? true,
          status: u.expert.status === 'PENDING' ? ExpertStatus.PENDING : ExpertStatus.VERIFIED,
        },
        u.expert.topicSlugs.map((slug) => topicIds.get(slug)).filter((id): id is string => !!id),
      );
      n++;
    }
    return n;
  }

  /**
   * Demo threads with their replies, votes and accepted answers (`planDemoForum`: counters and
   * reputation as the API's write paths make them; `writeDemoForum`: one statement per table).
   */
  private async seedThreads(
    manager: EntityManager,
    threads: readonly DemoThread[],
    userIds: Map<string, string>,
    topicIds: Map<string, string>,
    now: number,
  ): Promise<{ threads: number; replies: number; refs: Pick<DemoRefs, 'threads' | 'posts'> }> {
    const plan = planDemoForum(threads, userIds, topicIds, now);
    await writeDemoForum(manager, plan, this.reputation);
    return { threads: plan.threads.length, replies: plan.posts.length, refs: plan.refs };
  }
}
