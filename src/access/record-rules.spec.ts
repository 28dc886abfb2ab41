import { RecordRules } from './record-rules';
import { OrgRole, Role, Sector } from './roles';
import { Viewer } from './viewer';

const NOW = new Date('2026-11-30T12:00:00Z');
const LATER = new Date('2026-12-30T12:00:00Z');

function viewer(id: string, role: Role, extra: Partial<Viewer> = {}): Viewer {
  return { id, role, sector: null, organizationId: null, orgRole: null, suspendedUntil: null, ...extra };
}

const author = viewer('author', Role.MEMBER);
const other = viewer('other', Role.MEMBER);
const expert = viewer('expert', Role.EXPERT);
const moderator = viewer('mod', Role.MODERATOR);
const admin = viewer('admin', Role.ADMIN);
const suspendedAuthor = viewer('author', Role.MEMBER, { suspendedUntil: LATER });
const suspendedAdmin = viewer('admin', Role.ADMIN, { suspendedUntil: LATER });
const IN = 'topic-in';
const inTopic = { topicId: IN };
const post = { authorId: 'author', topicId: IN };

describe('RecordRules', () => {
  describe('an account whose email is not verified (REQUIRE_EMAIL_VERIFICATION)', () => {
    const unverified = viewer('author', Role.MEMBER, { emailVerified: false });
    const unverifiedAdmin = viewer('admin', Role.ADMIN, { emailVerified: false });

    it('contributes nothing and acts on nothing, whatever its role', () => {
      for (const v of [unverified, unverifiedAdmin]) {
        expect(RecordRules.canContribute(v, NOW)).toBe(false);
        expect(RecordRules.canVote(v, { authorId: 'someone' }, NOW)).toBe(false);
        expect(RecordRules.canEditContent(v, post, NOW)).toBe(false);
        expect(RecordRules.canAskExpert(v, { userId: 'expert' }, NOW)).toBe(false);
        expect(RecordRules.canModerateIn(v, IN, NOW)).toBe(false);
        expect(RecordRules.canSeeAccount(v, { id: 'someone' }, NOW)).toBe(false);
      }
    });

    it('still sees its own account and suspension', () => {
      expect(RecordRules.canSeeAccount(unverified, { id: 'author' }, NOW)).toBe(true);
      expect(RecordRules.canSeeSuspension(unverified, { id: 'author' }, NOW)).toBe(true);
    });

    it('verified (or verification not required: emailVerified true or absent) contributes', () => {
      expect(RecordRules.canContribute(author, NOW)).toBe(true);
      expect(RecordRules.canContribute(viewer('x', Role.MEMBER, { emailVerified: true }), NOW)).toBe(true);
      expect(RecordRules.canContribute(suspendedAuthor, NOW)).toBe(false);
      expect(RecordRules.canContribute(null, NOW)).toBe(false);
    });

    it('account fields: the user and active unrestricted staff', () => {
      expect(RecordRules.canSeeAccount(admin, { id: 'someone' }, NOW)).toBe(true);
      expect(RecordRules.canSeeAccount(moderator, { id: 'someone' }, NOW)).toBe(true);
      expect(RecordRules.canSeeAccount(other, { id: 'someone' }, NOW)).toBe(false);
      expect(RecordRules.canSeeAccount(suspendedAdmin, { id: 'someone' }, NOW)).toBe(false);
      expect(RecordRules.canSeeAccount(null, { id: 'someone' }, NOW)).toBe(false);
    });
  });

  describe('canEditContent (author, MODERATOR or ADMIN)', () => {
    it.each([
      ['the author', author, true],
      ['another member', other, false],
      ['an expert who is not the author', expert, false],
      ['a moderator', moderator, true],
      ['an admin', admin, true],
      ['anonymous', null, false],
      ['the author while suspended', suspendedAuthor, false],
      ['an admin while suspended', suspendedAdmin, false],
    ])('%s → %s', (_label, v, expected) => {
      expect(RecordRules.canEditContent(v, post, NOW)).toBe(expected);
    });

    it('a record without author (system) is editable by staff only', () => {
      expect(RecordRules.canEditContent(author, { authorId: null, topicId: IN }, NOW)).toBe(false);
      expect(RecordRules.canEditContent(moderator, { authorId: null, topicId: IN }, NOW)).toBe(true);
    });

    it('a suspension that has ended no longer counts', () => {
      const ended = viewer('author', Role.MEMBER, { suspendedUntil: new Date('2026-11-01T00:00:00Z') });
      expect(RecordRules.canEditContent(ended, post, NOW)).toBe(true);
    });
  });

  it('canWriteWhenLocked: staff only', () => {
    expect(RecordRules.canWriteWhenLocked(author, inTopic, NOW)).toBe(false);
    expect(RecordRules.canWriteWhenLocked(expert, inTopic, NOW)).toBe(false);
    expect(RecordRules.canWriteWhenLocked(moderator, inTopic, NOW)).toBe(true);
    expect(RecordRules.canWriteWhenLocked(admin, inTopic, NOW)).toBe(true);
    expect(RecordRules.canWriteWhenLocked(suspendedAdmin, inTopic, NOW)).toBe(false);
  });

  it('canAcceptAnswer: the question author or staff', () => {
    const question = { authorId: 'author', topicId: IN };
    expect(RecordRules.canAcceptAnswer(author, question, NOW)).toBe(true);
    expect(RecordRules.canAcceptAnswer(other, question, NOW)).toBe(false);
    expect(RecordRules.canAcceptAnswer(moderator, question, NOW)).toBe(true);
    expect(RecordRules.canAcceptAnswer(null, question, NOW)).toBe(false);
  });

  it('canVote: anyone active but the author', () => {
    expect(RecordRules.canVote(author, post, NOW)).toBe(false);
    expect(RecordRules.canVote(other, post, NOW)).toBe(true);
    expect(RecordRules.canVote(admin, post, NOW)).toBe(true);
    expect(RecordRules.canVote(null, post, NOW)).toBe(false);
    expect(RecordRules.canVote(viewer('other', Role.MEMBER, { suspendedUntil: LATER }), post, NOW)).toBe(false);
  });

  it('canPostAnnouncement: staff only', () => {
    expect(RecordRules.canPostAnnouncement(other, inTopic, NOW)).toBe(false);
    expect(RecordRules.canPostAnnouncement(expert, inTopic, NOW)).toBe(false);
    expect(RecordRules.canPostAnnouncement(moderator, inTopic, NOW)).toBe(true);
    expect(RecordRules.canPostAnnouncement(admin, inTopic, NOW)).toBe(true);
  });

  it('posting limits: staff are exempt; the newcomer interval is for users without an approved membership', () => {
    expect(RecordRules.isExemptFromPostingLimits(other, NOW)).toBe(false);
    expect(RecordRules.isExemptFromPostingLimits(expert, NOW)).toBe(false);
    expect(RecordRules.isExemptFromPostingLimits(moderator, NOW)).toBe(true);
    expect(RecordRules.isExemptFromPostingLimits(admin, NOW)).toBe(true);
    expect(RecordRules.isExemptFromPostingLimits(null, NOW)).toBe(false);
    expect(RecordRules.postsAsNewcomer(other)).toBe(true);
    expect(RecordRules.postsAsNewcomer(viewer('member', Role.MEMBER, { sector: Sector.NGO, organizationId: 'org' }))).toBe(false);
    // a verified expert without an organization has been vouched for by the expert review
    expect(RecordRules.postsAsNewcomer(viewer('expert', Role.EXPERT))).toBe(false);
  });

  describe('canRestrictToSectors', () => {
    const gov = viewer('gov', Role.MEMBER, { sector: Sector.GOVERNMENT, organizationId: 'org' });
    it('a member restricts to their own sector only', () => {
      expect(RecordRules.canRestrictToSectors(gov, [Sector.GOVERNMENT], inTopic, NOW)).toBe(true);
      expect(RecordRules.canRestrictToSectors(gov, [Sector.GOVERNMENT, Sector.NGO], inTopic, NOW)).toBe(false);
      expect(RecordRules.canRestrictToSectors(gov, [Sector.NGO], inTopic, NOW)).toBe(false);
    });
    it('a member without an approved membership cannot restrict', () => {
      expect(RecordRules.canRestrictToSectors(other, [Sector.GOVERNMENT], inTopic, NOW)).toBe(false);
    });
    it('staff restrict to any sectors', () => {
      expect(RecordRules.canRestrictToSectors(moderator, [Sector.IGO, Sector.NGO], inTopic, NOW)).toBe(true);
      expect(RecordRules.canRestrictToSectors(admin, [Sector.PRIVATE_SECTOR], inTopic, NOW)).toBe(true);
    });
  });

  describe('memberships (decided once: the member, an ORG_ADMIN of its organization, or an ADMIN)', () => {
    const membership = { userId: 'member', organizationId: 'org-a' };
    const member = viewer('member', Role.MEMBER);
    const orgAdminA = viewer('oa', Role.MEMBER, { organizationId: 'org-a', orgRole: OrgRole.ORG_ADMIN, sector: Sector.NGO });
    const orgAdminB = viewer('ob', Role.MEMBER, { organizationId: 'org-b', orgRole: OrgRole.ORG_ADMIN, sector: Sector.NGO });
    const plainMemberA = viewer('pa', Role.MEMBER, { organizationId: 'org-a', orgRole: OrgRole.MEMBER, sector: Sector.NGO });

    it.each([
      ['the member', member, true],
      ['an ORG_ADMIN of the organization', orgAdminA, true],
      ['an ORG_ADMIN of another organization', orgAdminB, false],
      ['a plain member of the organization', plainMemberA, false],
      ['a MODERATOR', moderator, false],
      ['an ADMIN', admin, true],
      ['anonymous', null, false],
      ['a suspended ADMIN', suspendedAdmin, false],
    ])('canSeeMembership: %s → %s', (_label, v, expected) => {
      expect(RecordRules.canSeeMembership(v, membership, NOW)).toBe(expected);
    });

    it.each([
      ['the member themselves', member, false],
      ['an ORG_ADMIN of the organization', orgAdminA, true],
      ['an ORG_ADMIN of another organization', orgAdminB, false],
      ['a MODERATOR', moderator, false],
      ['an ADMIN', admin, true],
    ])('canManageMemberships: %s → %s', (_label, v, expected) => {
      expect(RecordRules.canManageMemberships(v, 'org-a', NOW)).toBe(expected);
    });

    it('canSetOrgRole: ADMIN only', () => {
      expect(RecordRules.canSetOrgRole(orgAdminA, NOW)).toBe(false);
      expect(RecordRules.canSetOrgRole(moderator, NOW)).toBe(false);
      expect(RecordRules.canSetOrgRole(admin, NOW)).toBe(true);
    });
  });

  describe('expert profiles', () => {
    const owner = viewer('owner', Role.MEMBER);
    const suspendedOwner = viewer('owner', Role.MEMBER, { suspendedUntil: LATER });
    const suspendedModerator = viewer('mod', Role.MODERATOR, { suspendedUntil: LATER });
    const ownModerator = viewer('owner', Role.MODERATOR);
    const profile = (status: 'PENDING' | 'VERIFIED' | 'REJECTED') => ({ userId: 'owner', status });

    it.each([
      ['anonymous', null],
      ['another member', other],
      ['a suspended member', viewer('x', Role.MEMBER, { suspendedUntil: LATER })],
      ['the owner', owner],
      ['a moderator', moderator],
    ])('canSeeExpertProfile: a VERIFIED profile is public (%s)', (_label, v) => {
      expect(RecordRules.canSeeExpertProfile(v, profile('VERIFIED'), NOW)).toBe(true);
    });

    it.each([
      ['the owner', owner, true],
      ['another member', other, false],
      ['an expert who is not the owner', expert, false],
      ['a moderator', moderator, true],
      ['an admin', admin, true],
      ['anonymous', null, false],
      ['the owner while suspended', suspendedOwner, false],
      ['a moderator while suspended', suspendedModerator, false],
    ])('canSeeExpertProfile: a PENDING or REJECTED profile: %s → %s', (_label, v, expected) => {
      expect(RecordRules.canSeeExpertProfile(v, profile('PENDING'), NOW)).toBe(expected);
      expect(RecordRules.canSeeExpertProfile(v, profile('REJECTED'), NOW)).toBe(expected);
    });

    it.each([
      ['the owner', owner, true],
      ['another member', other, false],
      ['a moderator', moderator, true],
      ['an admin', admin, true],
      ['anonymous', null, false],
      ['the owner while suspended', suspendedOwner, false],
    ])('canSeeExpertReview (note and review time, whatever the status): %s → %s', (_label, v, expected) => {
      for (const status of ['PENDING', 'VERIFIED', 'REJECTED'] as const) expect(RecordRules.canSeeExpertReview(v, profile(status), NOW)).toBe(expected);
    });

    it.each([
      ['a moderator', moderator, true],
      ['an admin', admin, true],
      ['the owner (a member)', owner, false],
      ['a moderator reviewing their own profile', ownModerator, false],
      ['an expert', expert, false],
      ['anonymous', null, false],
      ['a moderator while suspended', suspendedModerator, false],
    ])('canReviewExpert: %s → %s', (_label, v, expected) => {
      expect(RecordRules.canReviewExpert(v, profile('PENDING'), NOW)).toBe(expected);
    });

    it.each([
      ['another member', other, true],
      ['a moderator', moderator, true],
      ['the expert themselves', owner, false],
      ['anonymous', null, false],
      ['a suspended member', viewer('x', Role.MEMBER, { suspendedUntil: LATER }), false],
    ])('canAskExpert: %s → %s', (_label, v, expected) => {
      expect(RecordRules.canAskExpert(v, { userId: 'owner' }, NOW)).toBe(expected);
    });
  });
});

describe('RecordRules: live sessions', () => {
  const host = viewer('host', Role.EXPERT);
  const session = { hostIds: ['host'], topicId: IN };

  it.each([
    ['a member', other, false],
    ['an expert', expert, true],
    ['a moderator', moderator, true],
    ['an admin', admin, true],
    ['anonymous', null, false],
    ['an admin while suspended', suspendedAdmin, false],
  ])('canScheduleLiveSession: %s → %s', (_label, v, expected) => {
    expect(RecordRules.canScheduleLiveSession(v, inTopic, NOW)).toBe(expected);
  });

  it.each([
    ['a verified expert', { role: Role.EXPERT, suspendedUntil: null, verifiedExpert: true }, true],
    ['an expert whose profile is not verified', { role: Role.EXPERT, suspendedUntil: null, verifiedExpert: false }, false],
    ['a member', { role: Role.MEMBER, suspendedUntil: null, verifiedExpert: false }, false],
    ['a moderator', { role: Role.MODERATOR, suspendedUntil: null, verifiedExpert: false }, true],
    ['an admin', { role: Role.ADMIN, suspendedUntil: null, verifiedExpert: false }, true],
    ['a suspended verified expert', { role: Role.EXPERT, suspendedUntil: LATER, verifiedExpert: true }, false],
  ])('canHostLiveSession: %s → %s', (_label, c, expected) => {
    expect(RecordRules.canHostLiveSession(c, inTopic, NOW)).toBe(expected);
  });

  it.each([
    ['a host', host, true],
    ['another expert', expert, false],
    ['a member', other, false],
    ['a moderator', moderator, true],
    ['an admin', admin, true],
    ['anonymous', null, false],
    ['a host while suspended', viewer('host', Role.EXPERT, { suspendedUntil: LATER }), false],
  ])('canManageLiveSession: %s → %s', (_label, v, expected) => {
    expect(RecordRules.canManageLiveSession(v, session, NOW)).toBe(expected);
  });

  it.each([
    ['a host of the session', host, true],
    ['another expert', expert, false],
    ['a member', other, false],
    ['a moderator', moderator, true],
    ['an admin', admin, true],
    ['anonymous', null, false],
    ['a host while suspended', viewer('host', Role.EXPERT, { suspendedUntil: LATER }), false],
  ])('canHideLiveMessage: %s → %s', (_label, v, expected) => {
    expect(RecordRules.canHideLiveMessage(v, session, NOW)).toBe(expected);
  });

  it('canBeMutedInLiveSession: participants, never hosts or staff', () => {
    expect(RecordRules.canBeMutedInLiveSession({ id: 'other', role: Role.MEMBER }, session)).toBe(true);
    expect(RecordRules.canBeMutedInLiveSession({ id: 'expert', role: Role.EXPERT }, session)).toBe(true);
    expect(RecordRules.canBeMutedInLiveSession({ id: 'host', role: Role.EXPERT }, session)).toBe(false);
    expect(RecordRules.canBeMutedInLiveSession({ id: 'mod', role: Role.MODERATOR }, session)).toBe(false);
    expect(RecordRules.canBeMutedInLiveSession({ id: 'admin', role: Role.ADMIN }, session)).toBe(false);
  });

  it('canUpvoteLiveQuestion: anyone active but its author', () => {
    expect(RecordRules.canUpvoteLiveQuestion(other, post, NOW)).toBe(true);
    expect(RecordRules.canUpvoteLiveQuestion(author, post, NOW)).toBe(false);
    expect(RecordRules.canUpvoteLiveQuestion(null, post, NOW)).toBe(false);
    expect(RecordRules.canUpvoteLiveQuestion(suspendedAdmin, post, NOW)).toBe(false);
  });

  describe('canModerateContent (active MODERATOR or ADMIN)', () => {
    it.each([
      ['a member', author, false],
      ['an expert', expert, false],
      ['a moderator', moderator, true],
      ['an admin', admin, true],
      ['anonymous', null, false],
      ['an admin while suspended', suspendedAdmin, false],
    ])('%s → %s', (_label, v, expected) => {
      expect(RecordRules.canModerateContent(v, NOW)).toBe(expected);
    });
  });

  describe('canSuspendUser (staff over non-staff; ADMIN over MODERATOR; never an ADMIN or oneself)', () => {
    const target = (id: string, role: Role) => ({ id, role });
    it.each([
      ['a moderator suspends a member', moderator, target('m', Role.MEMBER), true],
      ['a moderator suspends an expert', moderator, target('e', Role.EXPERT), true],
      ['a moderator suspends another moderator', moderator, target('mod2', Role.MODERATOR), false],
      ['a moderator suspends an admin', moderator, target('adm2', Role.ADMIN), false],
      ['an admin suspends a moderator', admin, target('mod2', Role.MODERATOR), true],
      ['an admin suspends another admin', admin, target('adm2', Role.ADMIN), false],
      ['a moderator suspends themselves', moderator, target('mod', Role.MODERATOR), false],
      ['a member suspends a member', other, target('m', Role.MEMBER), false],
      ['anonymous', null, target('m', Role.MEMBER), false],
      ['a suspended admin', suspendedAdmin, target('m', Role.MEMBER), false],
    ])('%s → %s', (_label, v, t, expected) => {
      expect(RecordRules.canSuspendUser(v, t, NOW)).toBe(expected);
    });
  });

  it('canSeeSuspension: the user themselves (even while suspended), and active staff', () => {
    const target = { id: 'author' };
    expect(RecordRules.canSeeSuspension(author, target, NOW)).toBe(true);
    expect(RecordRules.canSeeSuspension(suspendedAuthor, target, NOW)).toBe(true);
    expect(RecordRules.canSeeSuspension(other, target, NOW)).toBe(false);
    expect(RecordRules.canSeeSuspension(expert, target, NOW)).toBe(false);
    expect(RecordRules.canSeeSuspension(moderator, target, NOW)).toBe(true);
    expect(RecordRules.canSeeSuspension(admin, target, NOW)).toBe(true);
    expect(RecordRules.canSeeSuspension(suspendedAdmin, target, NOW)).toBe(false);
    expect(RecordRules.canSeeSuspension(null, target, NOW)).toBe(false);
  });
});
