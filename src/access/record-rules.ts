import type { SqlPredicate } from './access-policy';
import { isStaff, OrgRole, Role, Sector } from './roles';
import { isSuspended, isUnverified, scopeCovers, staffScopeOf, Viewer } from './viewer';

/** A record that has an author (threads, posts, live messages, flags …). */
export interface Authored {
  authorId: string | null;
}

/**
 * A record in a topic (a thread; a reply through its thread; a live session and what hangs off
 * it): a topic-limited MODERATOR acts as staff on it only when the topic is one of theirs.
 * Null: no topic (only unrestricted staff act as staff on it).
 */
export interface Topical {
  topicId: string | null;
}

/** An expert profile as the rules see it (`userId`: its owner). */
export interface ExpertProfileRecord {
  userId: string;
  status: 'PENDING' | 'VERIFIED' | 'REJECTED';
}

/** A live session as the rules see it: its hosts and its topic. */
export interface LiveSessionRecord extends Topical {
  hostIds: readonly string[];
}

/** A would-be host of a live session: their role (and a MODERATOR's topics), and whether the expert network verified them. */
export interface HostCandidate {
  role: Role;
  topicScope?: Viewer['topicScope'];
  suspendedUntil: Date | null;
  /** A VERIFIED expert profile (the expert network's review). */
  verifiedExpert: boolean;
}

/** A membership as the rules see it. */
export interface MembershipRecord {
  userId: string;
  organizationId: string;
}

/** Signed in, not suspended, and with a verified email (while verification is required). */
const active = (viewer: Viewer | null | undefined, now: Date): viewer is Viewer => !!viewer && !isSuspended(viewer, now) && !isUnverified(viewer);

/** Staff for a record of this topic: ADMIN, an unrestricted MODERATOR, or a topic-limited one in their topics (suspension not checked). */
const staffIn = (viewer: Pick<Viewer, 'role' | 'topicScope'>, topicId: string | null | undefined): boolean => scopeCovers(staffScopeOf(viewer), topicId);

/** Staff everywhere, on users too: ADMIN or an unrestricted MODERATOR (suspension not checked). */
const staffEverywhere = (viewer: Pick<Viewer, 'role' | 'topicScope'>): boolean => staffScopeOf(viewer) === 'all';

let predicateSeq = 0;

/** Whether the viewer is an ORG_ADMIN of the organization (through their approved membership). */
const orgAdminOf = (viewer: Viewer, organizationId: string): boolean =>
  viewer.orgRole === OrgRole.ORG_ADMIN && viewer.organizationId === organizationId;

/**
 * Who may act on a record, beside the access policy (who may see it). Every service asks
 * these; none writes a rule inline. Each is a pure function of the viewer and the record,
 * unit-tested in `record-rules.spec.ts`. A suspended viewer may do none of these, nor may an
 * account whose email is not verified (while REQUIRE_EMAIL_VERIFICATION is on): it may only see
 * what concerns itself (its suspension, its topics) and manage its own account.
 *
 * "Staff" below is a MODERATOR or an ADMIN for records in any topic. A topic-limited MODERATOR
 * (`Viewer.topicScope`) is staff only for records of their topics (`Topical`), and acts as a
 * MEMBER elsewhere; what concerns users rather than topics (suspensions, USER flags, expert
 * review, seeing suspensions and pending expert profiles) is for ADMIN and unrestricted
 * MODERATORs only.
 */
export const RecordRules = {
  /**
   * Contribute anything: create threads and replies, send live messages and questions, vote and
   * upvote, flag, ask an expert, apply as an expert, request a membership. An active account with
   * a verified email (while REQUIRE_EMAIL_VERIFICATION is on). The services of those operations
   * ask this first and refuse with `EmailNotVerifiedError`; the rules below also hold it.
   */
  canContribute(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now);
  },

  /**
   * See a user's account fields (`User.email`, `emailVerified`, `pendingEmail`): the user
   * themselves (verified or not), and active ADMINs and unrestricted MODERATORs.
   */
  canSeeAccount(viewer: Viewer | null | undefined, user: { id: string }, now = new Date()): boolean {
    if (!viewer) return false;
    return viewer.id === user.id || (active(viewer, now) && staffEverywhere(viewer));
  },

  /** Edit or delete content: its author, or staff of its topic. */
  canEditContent(viewer: Viewer | null | undefined, record: Authored & Topical, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return staffIn(viewer, record.topicId) || (record.authorId !== null && record.authorId === viewer.id);
  },

  /** Write in a locked thread (reply, edit): staff of the thread's topic only. */
  canWriteWhenLocked(viewer: Viewer | null | undefined, thread: Topical, now = new Date()): boolean {
    return active(viewer, now) && staffIn(viewer, thread.topicId);
  },

  /** Accept an answer: the question's author, or staff of its topic. */
  canAcceptAnswer(viewer: Viewer | null | undefined, question: Authored & Topical, now = new Date()): boolean {
    return RecordRules.canEditContent(viewer, question, now);
  },

  /** Vote on a post: anyone active but its author. */
  canVote(viewer: Viewer | null | undefined, post: Authored, now = new Date()): boolean {
    return active(viewer, now) && post.authorId !== viewer.id;
  },

  /** Post an ANNOUNCEMENT (in this topic): staff of the topic. */
  canPostAnnouncement(viewer: Viewer | null | undefined, topic: Topical, now = new Date()): boolean {
    return active(viewer, now) && staffIn(viewer, topic.topicId);
  },

  /**
   * Posting limits (interval between posts, daily thread cap, duplicate text): ADMIN and
   * unrestricted MODERATORs are exempt. The limits count a user's posts everywhere, so a
   * topic-limited MODERATOR has a MEMBER's.
   */
  isExemptFromPostingLimits(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && staffEverywhere(viewer);
  },

  /**
   * The newcomer's (longer) posting interval: for users nobody vouches for yet — no APPROVED
   * membership, and not a verified EXPERT (the expert network's review vouches as much).
   */
  postsAsNewcomer(viewer: Viewer): boolean {
    return viewer.organizationId === null && viewer.role !== Role.EXPERT;
  },

  /**
   * Restrict content (in this topic) to these sectors: staff of the topic to any; others only to
   * their own sector (from an approved membership), so nobody opens a space for a sector they are not in.
   */
  canRestrictToSectors(viewer: Viewer | null | undefined, sectors: readonly Sector[], topic: Topical, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    if (staffIn(viewer, topic.topicId)) return true;
    return viewer.sector !== null && sectors.every((s) => s === viewer.sector);
  },

  /** See a user's suspension (`User.suspendedUntil`): the user themselves, and active ADMINs and unrestricted MODERATORs. */
  canSeeSuspension(viewer: Viewer | null | undefined, user: { id: string }, now = new Date()): boolean {
    if (!viewer) return false;
    return viewer.id === user.id || (active(viewer, now) && staffEverywhere(viewer));
  },

  /** See which topics a MODERATOR is limited to (`User.moderatedTopics`): the user themselves, and active staff. */
  canSeeModeratorTopics(viewer: Viewer | null | undefined, user: { id: string }, now = new Date()): boolean {
    if (!viewer) return false;
    return viewer.id === user.id || (active(viewer, now) && isStaff(viewer.role));
  },

  /** Limit a MODERATOR to some topics, or lift the limit (`setModeratorTopics`): an active ADMIN. */
  canSetModeratorTopics(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && viewer.role === Role.ADMIN;
  },

  /**
   * See a membership (requests included): the member, an ORG_ADMIN of its organization, or an
   * ADMIN. A MODERATOR is not an organization's officer: they see the approved affiliation that
   * `User.organization` shows everyone, not requests or ended memberships.
   */
  canSeeMembership(viewer: Viewer | null | undefined, membership: MembershipRecord, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return membership.userId === viewer.id || viewer.role === Role.ADMIN || orgAdminOf(viewer, membership.organizationId);
  },

  /** Decide an organization's membership requests, or list them: its ORG_ADMINs and ADMINs. */
  canManageMemberships(viewer: Viewer | null | undefined, organizationId: string, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return viewer.role === Role.ADMIN || orgAdminOf(viewer, organizationId);
  },

  /** Appoint ORG_ADMINs (orgRole on a membership): ADMIN only. */
  canSetOrgRole(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && viewer.role === Role.ADMIN;
  },

  /**
   * See an expert profile: a VERIFIED one is public (the directory, authors' badges, anonymous
   * readers included); a PENDING or REJECTED one only its owner, an unrestricted MODERATOR or an ADMIN.
   */
  canSeeExpertProfile(viewer: Viewer | null | undefined, profile: ExpertProfileRecord, now = new Date()): boolean {
    if (profile.status === 'VERIFIED') return true;
    return RecordRules.canSeeExpertReview(viewer, profile, now);
  },

  /** See how a profile was reviewed (the note, when): its owner, an unrestricted MODERATOR or an ADMIN, whatever its status. */
  canSeeExpertReview(viewer: Viewer | null | undefined, profile: ExpertProfileRecord, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return profile.userId === viewer.id || staffEverywhere(viewer);
  },

  /**
   * Review expert profiles (verify, decline, withdraw verification; list the applications): an
   * unrestricted MODERATOR or an ADMIN (an expert's standing is not a topic's), never on their own profile.
   */
  canReviewExpert(viewer: Viewer | null | undefined, profile: ExpertProfileRecord | null, now = new Date()): boolean {
    return active(viewer, now) && staffEverywhere(viewer) && profile?.userId !== viewer.id;
  },

  /**
   * Ask an expert to answer a thread: any active user but the expert themselves (the thread must
   * also be visible to both, and the expert VERIFIED and available: checked by the experts feature).
   */
  canAskExpert(viewer: Viewer | null | undefined, expert: { userId: string }, now = new Date()): boolean {
    return active(viewer, now) && expert.userId !== viewer.id;
  },

  /**
   * Schedule a live session in this topic: an active EXPERT, or staff of the topic (an EXPERT
   * must also be a verified expert: `canHostLiveSession`).
   */
  canScheduleLiveSession(viewer: Viewer | null | undefined, topic: Topical, now = new Date()): boolean {
    return active(viewer, now) && (viewer.role === Role.EXPERT || staffIn(viewer, topic.topicId));
  },

  /** Host a live session in this topic: staff of the topic, or a VERIFIED expert; never a suspended account. */
  canHostLiveSession(candidate: HostCandidate, topic: Topical, now = new Date()): boolean {
    if (isSuspended(candidate, now)) return false;
    return staffIn(candidate, topic.topicId) || candidate.verifiedExpert;
  },

  /** Run a session (start, end, cancel, edit, slow mode, mute, moderate questions): its hosts, or staff of its topic. */
  canManageLiveSession(viewer: Viewer | null | undefined, session: LiveSessionRecord, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return staffIn(viewer, session.topicId) || session.hostIds.includes(viewer.id);
  },

  /** Be muted in a session: anyone but its hosts and the staff of its topic. */
  canBeMutedInLiveSession(target: Pick<Viewer, 'id' | 'role' | 'topicScope'>, session: LiveSessionRecord): boolean {
    return !staffIn(target, session.topicId) && !session.hostIds.includes(target.id);
  },

  /**
   * Use the moderation operations at all (the queue, the log, hide, lock …): an active MODERATOR
   * or ADMIN, topic-limited or not. Acting on a record needs `canModerateIn` its topic as well.
   */
  canModerateContent(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && isStaff(viewer.role);
  },

  /**
   * Moderate a record of this topic (hide, unhide, lock, pin, resolve its flags, see it in the
   * queue and the log): an active ADMIN or MODERATOR; a topic-limited MODERATOR only in their
   * topics (subtopics included). A record without a topic (null): unrestricted staff only.
   */
  canModerateIn(viewer: Viewer | null | undefined, topicId: string | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && staffIn(viewer, topicId);
  },

  /** Move a thread (`moveThread`, or an edit of `topicId` by staff): staff of both the topic it leaves and the one it goes to. */
  canMoveThread(viewer: Viewer | null | undefined, fromTopicId: string, toTopicId: string, now = new Date()): boolean {
    return RecordRules.canModerateIn(viewer, fromTopicId, now) && RecordRules.canModerateIn(viewer, toTopicId, now);
  },

  /** Change a thread's topic in an edit (`updateThread`): its author, or staff of both topics (`canMoveThread`). */
  canEditThreadTopic(viewer: Viewer | null | undefined, thread: Authored & { topicId: string }, toTopicId: string, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return thread.authorId === viewer.id || RecordRules.canMoveThread(viewer, thread.topicId, toTopicId, now);
  },

  /**
   * Moderate what concerns users rather than a topic (suspensions, USER flags, expert review):
   * an active ADMIN or unrestricted MODERATOR.
   */
  canModerateUsers(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && staffEverywhere(viewer);
  },

  /**
   * SQL twin of `canModerateIn` for a list (the queue, the log): `topicExpression` is the SQL of
   * each row's topic (NULL: none). TRUE for unrestricted staff, FALSE for everyone else.
   */
  moderatesInPredicate(viewer: Viewer | null | undefined, topicExpression: string, now = new Date()): SqlPredicate {
    if (!active(viewer, now) || !isStaff(viewer.role)) return { sql: 'FALSE', params: {} };
    const scope = staffScopeOf(viewer);
    if (scope === 'all') return { sql: 'TRUE', params: {} };
    const name = `mi_topics_${++predicateSeq}`;
    return { sql: `coalesce(${topicExpression} = ANY(:${name}::uuid[]), false)`, params: { [name]: [...(scope ?? [])] } };
  },

  /**
   * Hide a chat message of a live session: whoever may moderate content of its topic
   * (`canModerateIn`), and the session's own hosts (they run the room, as on Slido). Showing it
   * again is `canModerateIn` only: a
   * host never overrules moderators or flags, and hidden messages are for staff to see.
   */
  canHideLiveMessage(viewer: Viewer | null | undefined, session: LiveSessionRecord, now = new Date()): boolean {
    if (RecordRules.canModerateIn(viewer, session.topicId, now)) return true;
    return active(viewer, now) && session.hostIds.includes(viewer.id);
  },

  /**
   * Suspend or unsuspend a user: an active unrestricted MODERATOR may act on EXPERTs and MEMBERs,
   * an ADMIN also on MODERATORs; nobody on an ADMIN or on themselves; a topic-limited MODERATOR never.
   */
  canSuspendUser(viewer: Viewer | null | undefined, target: { id: string; role: Role }, now = new Date()): boolean {
    if (!active(viewer, now) || !staffEverywhere(viewer) || target.id === viewer.id || target.role === Role.ADMIN) return false;
    return target.role !== Role.MODERATOR || viewer.role === Role.ADMIN;
  },

  /** Upvote a live question: anyone active but its author. */
  canUpvoteLiveQuestion(viewer: Viewer | null | undefined, question: Authored, now = new Date()): boolean {
    return RecordRules.canVote(viewer, question, now);
  },
};
