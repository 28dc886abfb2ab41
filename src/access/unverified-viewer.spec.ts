import { AccessPolicy } from './access-policy';
import { Role, Sector, VisibilityScope } from './roles';
import { Viewer } from './viewer';

const viewer = (extra: Partial<Viewer> = {}): Viewer => ({ id: 'u', role: Role.MEMBER, sector: Sector.NGO, organizationId: 'o', orgRole: null, suspendedUntil: null, ...extra });
const item = (visibilityScope: VisibilityScope, extra: object = {}) => ({ visibilityScope, visibilitySectors: [Sector.NGO], authorId: 'someone', topicId: 't', hidden: false, ...extra });

describe('AccessPolicy: an account whose email is not verified', () => {
  it.each([
    ['a MEMBER', viewer({ emailVerified: false })],
    ['an ADMIN', viewer({ role: Role.ADMIN, emailVerified: false })],
  ])('%s reads like anonymous: PUBLIC only, in items and in SQL', (_label, v) => {
    expect(AccessPolicy.canView(v, item(VisibilityScope.PUBLIC))).toBe(true);
    expect(AccessPolicy.canView(v, item(VisibilityScope.MEMBERS))).toBe(false);
    expect(AccessPolicy.canView(v, item(VisibilityScope.SECTORS))).toBe(false);
    expect(AccessPolicy.canViewContent(v, item(VisibilityScope.PUBLIC, { hidden: true }))).toBe(false);
    expect(AccessPolicy.isActiveMember(v)).toBe(false);
    expect(AccessPolicy.visibilityPredicate(v, 't')).toEqual(AccessPolicy.visibilityPredicate(null, 't'));
    expect(AccessPolicy.contentPredicate(v, 't')).toEqual(AccessPolicy.contentPredicate(null, 't'));
  });

  it('verified, or verification not required (true or absent), reads as before', () => {
    for (const v of [viewer(), viewer({ emailVerified: true })]) {
      expect(AccessPolicy.canView(v, item(VisibilityScope.MEMBERS))).toBe(true);
      expect(AccessPolicy.canView(v, item(VisibilityScope.SECTORS))).toBe(true);
    }
  });
});
