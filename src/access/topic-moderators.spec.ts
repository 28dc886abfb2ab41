import { AccessPolicy, ContentResource } from './access-policy';
import { RecordRules } from './record-rules';
import { Role, Sector, VisibilityScope } from './roles';
import { staffScopeOf, Viewer } from './viewer';

const NOW = new Date('2026-11-30T12:00:00Z');
const LATER = new Date('2026-12-30T12:00:00Z');
const IN = 'topic-in';
const SUB = 'topic-in-child';
const OUT = 'topic-out';

function viewer(id: string, role: Role, extra: Partial<Viewer> = {}): Viewer {
  return { id, role, sector: null, organizationId: null, orgRole: null, suspendedUntil: null, ...extra };
}

/** Limited to IN (whose subtree, as the viewer loader expands it, holds SUB). */
const topicMod = viewer('tmod', Role.MODERATOR, { sector: Sector.NGO, organizationId: 'org', topicScope: new Set([IN, SUB]) });
const globalMod = viewer('mod', Role.MODERATOR);
const member = viewer('member', Role.MEMBER, { sector: Sector.NGO, organizationId: 'org' });
const admin = viewer('admin', Role.ADMIN, { topicScope: new Set([IN]) });

const content = (topicId: string | null, extra: Partial<ContentResource> = {}): ContentResource => ({
  visibilityScope: VisibilityScope.PUBLIC,
  visibilitySectors: [],
  authorId: 'someone',
  topicId,
  hidden: false,
  ...extra,
});

describe('topic-limited MODERATOR: staff in their topics, a MEMBER elsewhere', () => {
  it('the staff scope: all for ADMIN (a stray topicScope is ignored) and unrestricted MODERATORs, the set for a limited one, none for others', () => {
    expect(staffScopeOf(admin)).toBe('all');
    expect(staffScopeOf(globalMod)).toBe('all');
    expect(staffScopeOf(topicMod)).toEqual(new Set([IN, SUB]));
    expect(staffScopeOf(member)).toBeNull();
    expect(staffScopeOf(viewer('x', Role.EXPERT, { topicScope: new Set([IN]) }))).toBeNull();
  });

  describe('the access policy', () => {
    const hidden = { hidden: true };
    const otherSector = { visibilityScope: VisibilityScope.SECTORS, visibilitySectors: [Sector.GOVERNMENT] };
    it.each([
      ['hidden, in a moderated topic', content(IN, hidden), true],
      ['hidden, in a subtopic', content(SUB, hidden), true],
      ['hidden, elsewhere', content(OUT, hidden), false],
      ['hidden, without a topic', content(null, hidden), false],
      ['another sector, in a moderated topic', content(IN, otherSector), true],
      ['another sector, elsewhere', content(OUT, otherSector), false],
      ['their own sector, elsewhere', content(OUT, { ...otherSector, visibilitySectors: [Sector.NGO] }), true],
      ['their own SECTORS item, elsewhere', content(OUT, { ...otherSector, authorId: 'tmod' }), true],
      ['MEMBERS, elsewhere', content(OUT, { visibilityScope: VisibilityScope.MEMBERS }), true],
      ['deleted, in a moderated topic', content(IN, { deleted: true }), false],
    ])('canViewContent: %s → %s', (_label, resource, expected) => {
      expect(AccessPolicy.canViewContent(topicMod, resource, NOW)).toBe(expected);
      // elsewhere they see exactly what a member of their sector sees
      if (resource.topicId !== IN && resource.topicId !== SUB) {
        expect(AccessPolicy.canViewContent({ ...member, id: 'tmod' }, resource, NOW)).toBe(expected);
      }
    });

    it('canSeeHidden follows the topic; a suspended topic moderator reads like anyone suspended', () => {
      expect(AccessPolicy.canSeeHidden(topicMod, { topicId: SUB }, NOW)).toBe(true);
      expect(AccessPolicy.canSeeHidden(topicMod, { topicId: OUT }, NOW)).toBe(false);
      expect(AccessPolicy.canSeeHidden(globalMod, { topicId: null }, NOW)).toBe(true);
      const suspended = { ...topicMod, suspendedUntil: LATER };
      expect(AccessPolicy.canSeeHidden(suspended, { topicId: IN }, NOW)).toBe(false);
      expect(AccessPolicy.canView(suspended, content(IN, { visibilityScope: VisibilityScope.MEMBERS }), NOW)).toBe(false);
    });
  });

  describe('the record rules', () => {
    const theirs = { authorId: 'someone', topicId: IN };
    const elsewhere = { authorId: 'someone', topicId: OUT };
    it('moderate, edit others\' content, write when locked, accept answers, announce: in their topics only', () => {
      for (const rule of [
        (v: Viewer, r: typeof theirs) => RecordRules.canModerateIn(v, r.topicId, NOW),
        (v: Viewer, r: typeof theirs) => RecordRules.canEditContent(v, r, NOW),
        (v: Viewer, r: typeof theirs) => RecordRules.canWriteWhenLocked(v, r, NOW),
        (v: Viewer, r: typeof theirs) => RecordRules.canAcceptAnswer(v, r, NOW),
        (v: Viewer, r: typeof theirs) => RecordRules.canPostAnnouncement(v, r, NOW),
        (v: Viewer, r: typeof theirs) => RecordRules.canRestrictToSectors(v, [Sector.IGO], r, NOW),
      ]) {
        expect([rule(topicMod, theirs), rule(topicMod, { ...theirs, topicId: SUB }), rule(topicMod, elsewhere)]).toEqual([true, true, false]);
        expect([rule(globalMod, elsewhere), rule(admin, elsewhere), rule(member, theirs)]).toEqual([true, true, false]);
      }
      expect(RecordRules.canModerateIn(topicMod, null, NOW)).toBe(false);
      expect(RecordRules.canModerateIn(globalMod, null, NOW)).toBe(true);
      expect(RecordRules.canModerateIn({ ...topicMod, suspendedUntil: LATER }, IN, NOW)).toBe(false);
      // still the author of their own content everywhere
      expect(RecordRules.canEditContent(topicMod, { authorId: 'tmod', topicId: OUT }, NOW)).toBe(true);
      // but may use the moderation operations at all
      expect(RecordRules.canModerateContent(topicMod, NOW)).toBe(true);
    });

    it('moveThread needs both topics; an author moves their own thread anywhere', () => {
      expect(RecordRules.canMoveThread(topicMod, IN, SUB, NOW)).toBe(true);
      expect(RecordRules.canMoveThread(topicMod, IN, OUT, NOW)).toBe(false);
      expect(RecordRules.canMoveThread(topicMod, OUT, IN, NOW)).toBe(false);
      expect(RecordRules.canMoveThread(globalMod, OUT, IN, NOW)).toBe(true);
      expect(RecordRules.canEditThreadTopic(topicMod, { authorId: 'someone', topicId: IN }, OUT, NOW)).toBe(false);
      expect(RecordRules.canEditThreadTopic(topicMod, { authorId: 'tmod', topicId: OUT }, OUT, NOW)).toBe(true);
      expect(RecordRules.canEditThreadTopic(member, { authorId: 'member', topicId: IN }, OUT, NOW)).toBe(true);
    });

    it('what concerns users stays with ADMIN and unrestricted MODERATORs', () => {
      const target = { id: 'm', role: Role.MEMBER };
      expect(RecordRules.canSuspendUser(topicMod, target, NOW)).toBe(false);
      expect(RecordRules.canSuspendUser(globalMod, target, NOW)).toBe(true);
      expect(RecordRules.canModerateUsers(topicMod, NOW)).toBe(false);
      expect(RecordRules.canModerateUsers(globalMod, NOW)).toBe(true);
      expect(RecordRules.canModerateUsers(admin, NOW)).toBe(true);
      expect(RecordRules.canSeeSuspension(topicMod, target, NOW)).toBe(false);
      expect(RecordRules.canSeeSuspension(topicMod, { id: 'tmod' }, NOW)).toBe(true);
      const pending = { userId: 'applicant', status: 'PENDING' as const };
      expect(RecordRules.canReviewExpert(topicMod, pending, NOW)).toBe(false);
      expect(RecordRules.canReviewExpert(topicMod, null, NOW)).toBe(false);
      expect(RecordRules.canReviewExpert(globalMod, pending, NOW)).toBe(true);
      expect(RecordRules.canSeeExpertProfile(topicMod, pending, NOW)).toBe(false);
      expect(RecordRules.isExemptFromPostingLimits(topicMod, NOW)).toBe(false);
      expect(RecordRules.isExemptFromPostingLimits(globalMod, NOW)).toBe(true);
    });

    it('setModeratorTopics is for ADMIN; the topics are shown to the user and staff', () => {
      expect(RecordRules.canSetModeratorTopics(admin, NOW)).toBe(true);
      expect(RecordRules.canSetModeratorTopics(globalMod, NOW)).toBe(false);
      expect(RecordRules.canSeeModeratorTopics(topicMod, { id: 'tmod' }, NOW)).toBe(true);
      expect(RecordRules.canSeeModeratorTopics(globalMod, { id: 'tmod' }, NOW)).toBe(true);
      expect(RecordRules.canSeeModeratorTopics(member, { id: 'tmod' }, NOW)).toBe(false);
      expect(RecordRules.canSeeModeratorTopics(null, { id: 'tmod' }, NOW)).toBe(false);
    });

    it('live sessions follow the session\'s topic', () => {
      const inSession = { hostIds: ['host'], topicId: IN };
      const outSession = { hostIds: ['host'], topicId: OUT };
      expect(RecordRules.canManageLiveSession(topicMod, inSession, NOW)).toBe(true);
      expect(RecordRules.canManageLiveSession(topicMod, outSession, NOW)).toBe(false);
      expect(RecordRules.canHideLiveMessage(topicMod, outSession, NOW)).toBe(false);
      expect(RecordRules.canHideLiveMessage(topicMod, inSession, NOW)).toBe(true);
      expect(RecordRules.canBeMutedInLiveSession(topicMod, inSession)).toBe(false);
      expect(RecordRules.canBeMutedInLiveSession(topicMod, outSession)).toBe(true);
      expect(RecordRules.canScheduleLiveSession(topicMod, { topicId: IN }, NOW)).toBe(true);
      expect(RecordRules.canScheduleLiveSession(topicMod, { topicId: OUT }, NOW)).toBe(false);
      const candidate = { role: Role.MODERATOR, topicScope: topicMod.topicScope, suspendedUntil: null, verifiedExpert: false };
      expect(RecordRules.canHostLiveSession(candidate, { topicId: IN }, NOW)).toBe(true);
      expect(RecordRules.canHostLiveSession(candidate, { topicId: OUT }, NOW)).toBe(false);
    });

    it('moderatesInPredicate: TRUE for unrestricted staff, FALSE for others, the topics for a limited moderator', () => {
      expect(RecordRules.moderatesInPredicate(admin, 'x.topic_id', NOW).sql).toBe('TRUE');
      expect(RecordRules.moderatesInPredicate(globalMod, 'x.topic_id', NOW).sql).toBe('TRUE');
      expect(RecordRules.moderatesInPredicate(member, 'x.topic_id', NOW).sql).toBe('FALSE');
      expect(RecordRules.moderatesInPredicate({ ...globalMod, suspendedUntil: LATER }, 'x.topic_id', NOW).sql).toBe('FALSE');
      const p = RecordRules.moderatesInPredicate(topicMod, 'x.topic_id', NOW);
      expect(p.sql).toMatch(/^coalesce\(x\.topic_id = ANY\(:mi_topics_\d+::uuid\[\]\), false\)$/);
      expect(Object.values(p.params)).toEqual([[IN, SUB]]);
    });
  });
});
