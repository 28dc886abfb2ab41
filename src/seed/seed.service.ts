import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sector, VisibilityScope } from '../access/roles';
import { hashPassword } from '../identity/users/passwords';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { AnswersService } from '../forum/posts/answers.service';
import { PostsService } from '../forum/posts/posts.service';
import { VotesService } from '../forum/posts/votes.service';
import { ThreadKind } from '../forum/threads/thread-kind.enum';
import { ThreadsService } from '../forum/threads/threads.service';
import { TOPIC_TREE, TopicTreeNode } from '../forum/topics/topic-tree';
import { TopicsRepository } from '../forum/topics/topics.repository';
import { renderMarkdown } from '../forum/content/markdown';
import { ExpertProfilesRepository } from '../experts/expert-profiles.repository';
import { ExpertStatus } from '../experts/expert-status.enum';
import { ReputationService } from '../experts/reputation.service';
import { LiveQuestionStatus, LiveSessionStatus } from '../live-sessions/live-session.enums';
import { LiveSessionsRepository } from '../live-sessions/live-sessions.repository';
import { LiveSessionsService } from '../live-sessions/live-sessions.service';
import { DEMO_LIVE_SESSIONS, DEMO_ORGANIZATIONS, DEMO_THREADS, DEMO_USERS, DemoReply, DemoThread } from './demo-data';
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
 * seed exactly once; the writes go through the same insert paths as the API (counters
 * included). Then the instance that seeded it makes the demo's open flags (`DemoFlagsSeeder`,
 * through the flagging service, one transaction each), so the moderation queue has work.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadsService,
    private readonly posts: PostsService,
    private readonly votes: VotesService,
    private readonly answers: AnswersService,
    private readonly topics: TopicsRepository,
    private readonly expertProfiles: ExpertProfilesRepository,
    private readonly reputation: ReputationService,
    private readonly liveSessions: LiveSessionsRepository,
    private readonly liveSessionsService: LiveSessionsService,
    private readonly demoFlags: DemoFlagsSeeder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await this.seedTopicTree();
    const tree = Date.now();
    if (this.config.seedDemo) await this.seedDemoContent();
    this.logger.debug(`topic tree checked in ${tree - started} ms, demo content in ${Date.now() - tree} ms`);
  }

  /** Inserts the marker; false when another run (or instance) already did. */
  private async claim(manager: EntityManager, name: string): Promise<boolean> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
    const rows = await manager.query(`INSERT INTO seed_markers (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING name`, [name]);
    return rows.length > 0;
  }

  async seedTopicTree(): Promise<void> {
    const created = await this.dataSource.transaction(async (manager) => {
      if (!(await this.claim(manager, 'topic-tree'))) return 0;
      let n = 0;
      const insert = async (topics: readonly TopicTreeNode[], parentId: string | null): Promise<void> => {
        for (const [position, topic] of topics.entries()) {
          const id = await this.topics.ensure(manager, { slug: topic.slug, name: topic.name, description: topic.description, parentId, position });
          n++;
          if (topic.children?.length) await insert(topic.children, id);
        }
      };
      await insert(TOPIC_TREE, null);
      return n;
    });
    if (created) this.logger.log(`seeded the topic tree (${created} topics)`);
  }

  async seedDemoContent(): Promise<void> {
    // Never a documented password: DEMO_PASSWORD when set, else random for this database.
    const password = this.config.demoPassword ?? randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password);
    const summary = await this.dataSource.transaction(async (manager) => {
      if (!(await this.claim(manager, 'demo-content'))) return null;
      const orgIds = await this.seedOrganizations(manager);
      const userIds = await this.seedUsers(manager, passwordHash, orgIds);
      const topicIds = await this.topics.idsBySlug(manager);
      const experts = await this.seedExpertProfiles(manager, userIds, topicIds);
      let threads = 0;
      let replies = 0;
      const now = Date.now();
      const refs: DemoRefs = { users: userIds, threads: new Map(), posts: new Map() };
      for (const [i, demo] of DEMO_THREADS.entries()) {
        // Spread threads over the past weeks, oldest first, so that the lists look lived in.
        const createdAt = new Date(now - (DEMO_THREADS.length - i) * 26 * HOUR);
        const r = await this.seedThread(manager, demo, createdAt, userIds, topicIds, refs);
        if (r !== null) {
          threads++;
          replies += r;
        }
      }
      const live = await this.seedLiveSessions(manager, userIds, topicIds);
      return { orgs: orgIds.size, users: userIds.size, experts, threads: threads + live.archived, replies, live: live.sessions, refs };
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

  private async seedOrganizations(manager: EntityManager): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const org of DEMO_ORGANIZATIONS) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO organizations (name, acronym, sector, country, email_domains, verified) VALUES ($1, $2, $3, $4, $5::text[], true)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
        [org.name, org.acronym, org.sector, org.country, org.emailDomains],
      );
      ids.set(org.key, rows[0].id);
    }
    return ids;
  }

  /** Demo users (is_demo, one shared password hash), with APPROVED memberships. Existing accounts are left alone. */
  private async seedUsers(manager: EntityManager, passwordHash: string, orgIds: Map<string, string>): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    const touchedOrgs = new Set<string>();
    // demo accounts administer fictional "(demo)" organizations only, never real ones
    const fictionalOrgs = new Set(DEMO_ORGANIZATIONS.filter((o) => isFictional(o.name)).map((o) => orgIds.get(o.key)));
    for (const u of DEMO_USERS) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO users (email, handle, display_name, password_hash, role, country, languages, is_demo)
         VALUES ($1, $2, $3, $4, $5, $6, $7::text[], true)
         ON CONFLICT DO NOTHING RETURNING id`,
        [u.email.toLowerCase(), u.handle, u.displayName, passwordHash, u.role, u.country, u.languages],
      );
      if (!rows.length) {
        this.logger.warn(`demo user ${u.handle} skipped: the email or handle is taken`);
        continue;
      }
      ids.set(u.key, rows[0].id);
      const orgId = u.organizationKey ? orgIds.get(u.organizationKey) : undefined;
      if (orgId) {
        await manager.query(
          `INSERT INTO memberships (user_id, organization_id, status, org_role, decided_at) VALUES ($1, $2, 'APPROVED', $3, now())`,
          [rows[0].id, orgId, u.orgRole === 'ORG_ADMIN' && fictionalOrgs.has(orgId) ? 'ORG_ADMIN' : 'MEMBER'],
        );
        touchedOrgs.add(orgId);
      }
    }
    if (touchedOrgs.size) {
      await manager.query(
        `UPDATE organizations o SET member_count = (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id AND m.status = 'APPROVED')
          WHERE o.id = ANY($1::uuid[])`,
        [[...touchedOrgs]],
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
   * One demo thread with its replies, votes and accepted answer; null when its author or topic is
   * missing. Reputation counters follow through the same ReputationService methods the forum's
   * events drive.
   */
  private async seedThread(
    manager: EntityManager,
    demo: DemoThread,
    createdAt: Date,
    userIds: Map<string, string>,
    topicIds: Map<string, string>,
    refs?: DemoRefs,
  ): Promise<number | null> {
    const authorId = userIds.get(demo.authorKey);
    const topicId = topicIds.get(demo.topicSlug);
    if (!authorId || !topicId) return null;
    const { entity: thread } = await this.threads.insertThread(manager, {
      kind: demo.kind as ThreadKind,
      title: demo.title,
      body: demo.body,
      authorId,
      topicId,
      tags: demo.tags,
      visibilityScope: demo.visibility.scope as VisibilityScope,
      visibilitySectors: (demo.visibility.sectors ?? []) as Sector[],
      language: demo.language,
      pinned: demo.pinned ?? false,
      createdAt,
    });
    refs?.threads.set(demo.key, thread.id);
    let at = createdAt.getTime();
    let count = 0;
    let acceptedPost: { id: string; authorId: string } | null = null;
    const insertReplies = async (replies: DemoReply[], parentId: string | null): Promise<void> => {
      for (const reply of replies) {
        const replyAuthor = userIds.get(reply.authorKey);
        if (!replyAuthor) continue;
        at += 3 * HOUR + (count % 5) * 47 * 60_000;
        const { entity: post } = await this.posts.insertPost(manager, {
          threadId: thread.id,
          authorId: replyAuthor,
          parentId,
          body: reply.body,
          language: thread.language,
          createdAt: new Date(Math.min(at, Date.now())),
        });
        count++;
        if (reply.key) refs?.posts.set(reply.key, post.id);
        await this.reputation.recordAnswer(manager, post, thread);
        for (const vote of reply.votes ?? []) {
          const voter = userIds.get(vote.voterKey);
          if (!voter || voter === replyAuthor) continue;
          // a repeated voter in the data adds no second vote, so no second score delta either
          if (await this.votes.addVote(manager, post.id, thread.id, voter, vote.value)) await this.reputation.recordVote(manager, post, thread, 0, vote.value);
        }
        if (reply.accepted && thread.kind === ThreadKind.QUESTION && acceptedPost?.id !== post.id) {
          await this.answers.markAccepted(manager, thread.id, post.id);
          await this.reputation.recordAcceptance(manager, post, thread, acceptedPost);
          acceptedPost = post;
        }
        if (reply.replies?.length) await insertReplies(reply.replies, post.id);
      }
    };
    await insertReplies(demo.replies, null);
    return count;
  }
}
