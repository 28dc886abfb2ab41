import { Inject, Injectable } from '@nestjs/common';
import { RecordRules } from '../access/record-rules';
import { Viewer } from '../access/viewer';
import { LoaderRegistry } from '../platform/graphql/loaders';
import { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { Membership } from '../identity/organizations/membership.type';
import { MembershipsService } from '../identity/organizations/memberships.service';
import { OrganizationsService } from '../identity/organizations/organizations.service';
import { Post } from '../forum/posts/post.type';
import { PostAccess } from '../forum/posts/post-access.service';
import { Thread } from '../forum/threads/thread.type';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { LiveSession } from '../live-sessions/live-session.type';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { ExpertProfile } from '../experts/expert-profile.type';
import { ExpertsService } from '../experts/experts.service';
import { MailItem } from './mail-templates';
import { NotificationType } from './notification.enums';
import { Notification } from './notification.type';

/**
 * What a notification is about, as its recipient may see it now: the `Notification` field
 * resolvers and the emails use these, so both hide exactly the same things.
 */
@Injectable()
export class NotificationContentService {
  constructor(
    private readonly threads: ThreadAccess,
    private readonly posts: PostAccess,
    private readonly memberships: MembershipsService,
    private readonly organizations: OrganizationsService,
    private readonly users: UsersService,
    private readonly experts: ExpertsService,
    private readonly sessions: LiveSessionAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Who caused it, unless the recipient may no longer see what it is about (then null, like the content). */
  async actor(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<User | null> {
    if (!n.actorId) return null;
    if (n.threadId && !(await this.thread(loaders, viewer, n))) return null;
    if (n.postId && !(await this.post(loaders, viewer, n))) return null;
    if (n.sessionId && !(await this.session(loaders, viewer, n))) return null;
    return this.users.load(loaders, n.actorId);
  }

  thread(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<Thread | null> {
    return n.threadId ? this.threads.loadVisible(loaders, viewer, n.threadId) : Promise.resolve(null);
  }

  /** The post, when both it and its thread are visible to the viewer. */
  async post(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<Post | null> {
    if (!n.postId || !(await this.thread(loaders, viewer, n))) return null;
    const post = await this.posts.loadVisible(loaders, viewer, n.postId);
    return post && post.threadId === n.threadId ? post : null;
  }

  /** The membership, for whoever may see it (`RecordRules.canSeeMembership`: the member, an ORG_ADMIN of its organization, or an ADMIN). */
  async membership(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<Membership | null> {
    if (!n.membershipId) return null;
    const m = await this.memberships.load(loaders, n.membershipId);
    return m && RecordRules.canSeeMembership(viewer, m) ? m : null;
  }

  /** For EXPERT_REVIEW: the recipient's own expert profile, as it is now. */
  expertProfile(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<ExpertProfile | null> {
    return n.type === NotificationType.EXPERT_REVIEW ? this.experts.forUser(loaders, viewer, n.recipientId) : Promise.resolve(null);
  }

  /** The live session, when the viewer may see it (`LiveSessionAccess`, the rule behind `liveSession(id)`). */
  session(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<LiveSession | null> {
    return n.sessionId ? this.sessions.loadVisible(loaders, viewer, n.sessionId) : Promise.resolve(null);
  }

  /**
   * The email description of a notification, or null when its recipient may no longer see
   * what it is about (then no email goes out).
   */
  async describe(loaders: LoaderRegistry, viewer: Viewer, n: Notification): Promise<MailItem | null> {
    const [actor, thread, post, membership, expertProfile, session] = await Promise.all([
      n.actorId ? this.users.load(loaders, n.actorId) : null,
      this.thread(loaders, viewer, n),
      this.post(loaders, viewer, n),
      this.membership(loaders, viewer, n),
      this.expertProfile(loaders, viewer, n),
      this.session(loaders, viewer, n),
    ]);
    if ((n.threadId && !thread) || (n.postId && !post) || (n.membershipId && !membership)) return null;
    if (n.sessionId && !session) return null;
    const organization = membership ? await this.organizations.load(loaders, membership.organizationId) : null;
    const base = this.webBase();
    let link: string | null = null;
    if (base && session && !thread) link = `${base}/live-sessions/${session.id}`;
    else if (base && thread) link = `${base}/threads/${thread.id}${post ? `#post-${post.id}` : ''}`;
    else if (base && organization) link = `${base}/organizations/${organization.id}`;
    else if (base && expertProfile) link = `${base}/experts/${expertProfile.id}`;
    return {
      type: n.type,
      actorName: actor?.displayName ?? null,
      threadTitle: thread?.title ?? null,
      excerpt: post ? (post.deleted ? null : post.body) : n.type === NotificationType.MENTION && thread ? thread.body : (expertProfile?.reviewNote ?? null),
      sessionTitle: session?.title ?? null,
      membership: membership && organization ? { organizationName: organization.name, status: membership.status, aboutRecipient: membership.userId === viewer.id } : null,
      expertStatus: expertProfile?.status ?? null,
      link,
      createdAt: n.createdAt,
    };
  }

  /** Where recipients change their email preference (null without WEB_APP_URL). */
  settingsLink(): string | null {
    const base = this.webBase();
    return base ? `${base}/settings/notifications` : null;
  }

  private webBase(): string | null {
    return this.config.webAppUrl?.replace(/\/+$/, '') ?? null;
  }
}
