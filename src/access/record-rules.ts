import { isStaff, OrgRole, Role, Sector } from './roles';
import { isSuspended, Viewer } from './viewer';

/** A record that has an author (threads, posts, live messages, flags …). */
export interface Authored {
  authorId: string | null;
}

/** An expert profile as the rules see it (`userId`: its owner). */
export interface ExpertProfileRecord {
  userId: string;
  status: 'PENDING' | 'VERIFIED' | 'REJECTED';
}

/** A live session as the rules see it: its hosts. */
export interface LiveSessionRecord {
  hostIds: readonly string[];
}

/** A would-be host of a live session: their role, and whether the expert network verified them. */
export interface HostCandidate {
  role: Role;
  suspendedUntil: Date | null;
  /** A VERIFIED expert profile (the expert network's review). */
  verifiedExpert: boolean;
}

/** A membership as the rules see it. */
export interface MembershipRecord {
  userId: string;
  organizationId: string;
}

const active = (viewer: Viewer | null | undefined, now: Date): viewer is Viewer => !!viewer && !isSuspended(viewer, now);

/** Whether the viewer is an ORG_ADMIN of the organization (through their approved membership). */
const orgAdminOf = (viewer: Viewer, organizationId: string): boolean =>
  viewer.orgRole === OrgRole.ORG_ADMIN && viewer.organizationId === organizationId;

/**
 * Who may act on a record, beside the access policy (who may see it). Every service asks
 * these; none writes a rule inline. Each is a pure function of the viewer and the record,
 * unit-tested in `record-rules.spec.ts`. A suspended viewer may do none of these.
 */
export const RecordRules = {
  /** Edit or delete content: its author, a MODERATOR or an ADMIN. */
  canEditContent(viewer: Viewer | null | undefined, record: Authored, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return isStaff(viewer.role) || (record.authorId !== null && record.authorId === viewer.id);
  },

  /** Write in a locked thread (reply, edit): MODERATOR and ADMIN only. */
  canWriteWhenLocked(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && isStaff(viewer.role);
  },

  /** Accept an answer: the question's author, a MODERATOR or an ADMIN. */
  canAcceptAnswer(viewer: Viewer | null | undefined, question: Authored, now = new Date()): boolean {
    return RecordRules.canEditContent(viewer, question, now);
  },

  /** Vote on a post: anyone active but its author. */
  canVote(viewer: Viewer | null | undefined, post: Authored, now = new Date()): boolean {
    return active(viewer, now) && post.authorId !== viewer.id;
  },

  /** Post an ANNOUNCEMENT: MODERATOR and ADMIN. */
  canPostAnnouncement(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && isStaff(viewer.role);
  },

  /**
   * Restrict content to these sectors: MODERATOR and ADMIN to any; others only to their own
   * sector (from an approved membership), so nobody opens a space for a sector they are not in.
   */
  canRestrictToSectors(viewer: Viewer | null | undefined, sectors: readonly Sector[], now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    if (isStaff(viewer.role)) return true;
    return viewer.sector !== null && sectors.every((s) => s === viewer.sector);
  },

  /** See a user's suspension (`User.suspendedUntil`): the user themselves, and active MODERATORs and ADMINs. */
  canSeeSuspension(viewer: Viewer | null | undefined, user: { id: string }, now = new Date()): boolean {
    if (!viewer) return false;
    return viewer.id === user.id || (active(viewer, now) && isStaff(viewer.role));
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
   * readers included); a PENDING or REJECTED one only its owner, a MODERATOR or an ADMIN.
   */
  canSeeExpertProfile(viewer: Viewer | null | undefined, profile: ExpertProfileRecord, now = new Date()): boolean {
    if (profile.status === 'VERIFIED') return true;
    return RecordRules.canSeeExpertReview(viewer, profile, now);
  },

  /** See how a profile was reviewed (the note, when): its owner, a MODERATOR or an ADMIN, whatever its status. */
  canSeeExpertReview(viewer: Viewer | null | undefined, profile: ExpertProfileRecord, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return profile.userId === viewer.id || isStaff(viewer.role);
  },

  /** Review an expert profile (verify, decline, withdraw verification): a MODERATOR or an ADMIN, never on their own profile. */
  canReviewExpert(viewer: Viewer | null | undefined, profile: ExpertProfileRecord, now = new Date()): boolean {
    return active(viewer, now) && isStaff(viewer.role) && profile.userId !== viewer.id;
  },

  /**
   * Ask an expert to answer a thread: any active user but the expert themselves (the thread must
   * also be visible to both, and the expert VERIFIED and available: checked by the experts feature).
   */
  canAskExpert(viewer: Viewer | null | undefined, expert: { userId: string }, now = new Date()): boolean {
    return active(viewer, now) && expert.userId !== viewer.id;
  },

  /** Schedule a live session: an active EXPERT, MODERATOR or ADMIN (an EXPERT must also be a verified expert: `canHostLiveSession`). */
  canScheduleLiveSession(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && (viewer.role === Role.EXPERT || isStaff(viewer.role));
  },

  /** Host a live session: a MODERATOR or ADMIN, or a VERIFIED expert; never a suspended account. */
  canHostLiveSession(candidate: HostCandidate, now = new Date()): boolean {
    if (isSuspended(candidate, now)) return false;
    return isStaff(candidate.role) || candidate.verifiedExpert;
  },

  /** Run a session (start, end, cancel, edit, slow mode, mute, moderate questions): its hosts, a MODERATOR or an ADMIN. */
  canManageLiveSession(viewer: Viewer | null | undefined, session: LiveSessionRecord, now = new Date()): boolean {
    if (!active(viewer, now)) return false;
    return isStaff(viewer.role) || session.hostIds.includes(viewer.id);
  },

  /** Be muted in a session: anyone but its hosts, MODERATORs and ADMINs. */
  canBeMutedInLiveSession(target: { id: string; role: Role }, session: LiveSessionRecord): boolean {
    return !isStaff(target.role) && !session.hostIds.includes(target.id);
  },

  /**
   * Moderate content (hide, unhide, lock, pin, move, see the moderation log): an active MODERATOR
   * or ADMIN. (Limiting a moderator to some topics is a later slice.)
   */
  canModerateContent(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return active(viewer, now) && isStaff(viewer.role);
  },

  /**
   * Suspend or unsuspend a user: an active MODERATOR may act on EXPERTs and MEMBERs, an ADMIN
   * also on MODERATORs; nobody on an ADMIN or on themselves.
   */
  canSuspendUser(viewer: Viewer | null | undefined, target: { id: string; role: Role }, now = new Date()): boolean {
    if (!active(viewer, now) || !isStaff(viewer.role) || target.id === viewer.id || target.role === Role.ADMIN) return false;
    return target.role !== Role.MODERATOR || viewer.role === Role.ADMIN;
  },

  /** Upvote a live question: anyone active but its author. */
  canUpvoteLiveQuestion(viewer: Viewer | null | undefined, question: Authored, now = new Date()): boolean {
    return RecordRules.canVote(viewer, question, now);
  },
};
