import { CREATE_ORGANIZATION as CREATE, DECIDE_MEMBERSHIP as DECIDE, REQUEST_MEMBERSHIP as REQUEST, SET_USER_ROLE } from '../support/documents';
import { createOrganization, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { login, registerUser, TEST_ADMIN, TestUser, withAdmin } from '../support/users';

const ORG = `query($id: ID!) { organization(id: $id) { id name memberCount } }`;
const ME = `{ me { id sector organization { id sector } } }`;

const code = (res: { errors?: { extensions: { code: string } }[] }) => res.errors?.[0]?.extensions.code;

describe('organizations and memberships (e2e)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = (await login(t, TEST_ADMIN.email, TEST_ADMIN.password)).accessToken;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('createOrganization', () => {
    it('creates an organization as ADMIN, normalising country and domains, and audits it', async () => {
      const res = await t.gqlOk(
        CREATE,
        { input: { name: '  Minerals Commission of Ghana ', acronym: 'MINCOM', sector: 'GOVERNMENT', country: 'gh', emailDomains: ['Mincom.Example.org', 'mincom.example.org'] } },
        admin,
      );
      expect(res.createOrganization).toMatchObject({
        name: 'Minerals Commission of Ghana',
        acronym: 'MINCOM',
        sector: 'GOVERNMENT',
        country: 'GH',
        emailDomains: ['mincom.example.org'],
        verified: true,
        memberCount: 0,
      });
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [res.createOrganization.id]);
      expect(audit).toEqual([{ action: 'organization.create' }]);
    });

    it('allows a null country for international bodies', async () => {
      const res = await t.gqlOk(CREATE, { input: { name: 'UNEP Global Mercury Partnership test', sector: 'IGO', country: null } }, admin);
      expect(res.createOrganization).toMatchObject({ country: null, acronym: null, emailDomains: [] });
    });

    it('refuses a duplicate name case-insensitively with CONFLICT', async () => {
      const res = await t.gql(CREATE, { input: { name: 'minerals commission of ghana', sector: 'GOVERNMENT' } }, admin);
      expect(code(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toMatch(/already exists/);
    });

    it.each([
      [{ name: 'Bad Country Org', sector: 'NGO', country: 'XX' }, /ISO 3166-1 alpha-2/],
      [{ name: 'Bad Country Org', sector: 'NGO', country: 'GHA' }, /ISO 3166-1 alpha-2/],
      [{ name: 'X', sector: 'NGO' }, /name must be 2 to 200 characters/],
      [{ name: 'Bad Domain Org', sector: 'NGO', emailDomains: ['not a domain'] }, /emailDomains must be domain names/],
      [{ name: 'Bad Acronym Org', sector: 'NGO', acronym: 'A'.repeat(21) }, /acronym must be 1 to 20/],
    ])('refuses bad input %j with BAD_USER_INPUT', async (input, message) => {
      const res = await t.gql(CREATE, { input }, admin);
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    });

    it('refuses an unknown sector with BAD_USER_INPUT', async () => {
      const res = await t.gql(CREATE, { input: { name: 'Bad Sector Org', sector: 'CHURCH' } }, admin);
      expect(code(res)).toBe('BAD_USER_INPUT');
    });

    it('is ADMIN only: FORBIDDEN for a member, UNAUTHENTICATED anonymously; nothing written', async () => {
      const user = await registerUser(t, 'notadmin');
      const input = { name: 'Sneaky Org', sector: 'NGO' };
      expect(code(await t.gql(CREATE, { input }, user.accessToken))).toBe('FORBIDDEN');
      expect(code(await t.gql(CREATE, { input }))).toBe('UNAUTHENTICATED');
      expect(await t.db.query(`SELECT 1 FROM organizations WHERE name = 'Sneaky Org'`)).toEqual([]);
    });
  });

  describe('organizations / organization queries', () => {
    beforeAll(async () => {
      for (const [name, sector, acronym] of [
        ['Alpha Mining Cooperative', 'PRIVATE_SECTOR', 'AMC'],
        ['Beta Mercury NGO', 'NGO', 'BMN'],
        ['Gamma Mercury NGO', 'NGO', 'GMN'],
        ['Delta 100% Research', 'ACADEMIA', 'D_R'],
      ]) {
        await createOrganization(t, admin, sector as 'NGO', { name, acronym });
      }
    });

    it('filters by sector and searches name or acronym, case-insensitively', async () => {
      const q = `query($sector: Sector, $search: String) { organizations(sector: $sector, search: $search) { totalCount edges { node { name } } } }`;
      const ngos = await t.gqlOk(q, { sector: 'NGO', search: 'mercury' });
      expect(ngos.organizations.edges.map((e: any) => e.node.name)).toEqual(['Beta Mercury NGO', 'Gamma Mercury NGO']);
      expect(ngos.organizations.totalCount).toBe(2);
      const byAcronym = await t.gqlOk(q, { search: 'amc' });
      expect(byAcronym.organizations.edges.map((e: any) => e.node.name)).toEqual(['Alpha Mining Cooperative']);
      // LIKE wildcards in the search text are literal
      const percent = await t.gqlOk(q, { search: '100%' });
      expect(percent.organizations.edges.map((e: any) => e.node.name)).toEqual(['Delta 100% Research']);
      const underscore = await t.gqlOk(q, { search: 'd_r' });
      expect(underscore.organizations.edges.map((e: any) => e.node.name)).toEqual(['Delta 100% Research']);
    });

    it('pages with keyset cursors through every organization exactly once, by name', async () => {
      const q = `query($after: String) { organizations(first: 2, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount } }`;
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let i = 0; i < 20; i++) {
        const page: any = (await t.gqlOk(q, { after })).organizations;
        total = page.totalCount;
        seen.push(...page.edges.map((e: any) => e.node.name));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen.length).toBe(total);
      expect(new Set(seen).size).toBe(total);
      expect([...seen].sort((a, b) => (a < b ? -1 : 1))).toEqual(seen.slice().sort((a, b) => (a < b ? -1 : 1)));
    });

    it('refuses first > 100 and a forged cursor with BAD_USER_INPUT', async () => {
      expect(code(await t.gql(`{ organizations(first: 101) { totalCount } }`))).toBe('BAD_USER_INPUT');
      expect(code(await t.gql(`{ organizations(after: "garbage") { totalCount } }`))).toBe('BAD_USER_INPUT');
    });

    it('organization(id) is null for an unknown id; a malformed id is BAD_USER_INPUT', async () => {
      expect((await t.gqlOk(ORG, { id: '00000000-0000-4000-8000-000000000000' })).organization).toBeNull();
      expect(code(await t.gql(ORG, { id: 'not-a-uuid' }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('memberships', () => {
    let orgA: string;
    let orgB: string;
    let orgAdminA: TestUser;

    beforeAll(async () => {
      orgA = (await createOrganization(t, admin, 'GOVERNMENT')).id;
      orgB = (await createOrganization(t, admin, 'NGO')).id;
      orgAdminA = await registerUser(t, 'orgadmin');
      const req = await t.gqlOk(REQUEST, { id: orgA }, orgAdminA.accessToken);
      const decided = await t.gqlOk(DECIDE, { id: req.requestMembership.id, approve: true, orgRole: 'ORG_ADMIN' }, admin);
      expect(decided.decideMembership).toMatchObject({ status: 'APPROVED', orgRole: 'ORG_ADMIN', organization: { memberCount: 1 } });
    });

    it('requestMembership: PENDING, idempotent while pending, NOT_FOUND for unknown organizations, signed-in only', async () => {
      const user = await registerUser(t, 'requester');
      const first = await t.gqlOk(REQUEST, { id: orgA }, user.accessToken);
      expect(first.requestMembership).toMatchObject({ status: 'PENDING', orgRole: 'MEMBER', user: { id: user.id }, organization: { id: orgA } });
      const again = await t.gqlOk(REQUEST, { id: orgA }, user.accessToken);
      expect(again.requestMembership.id).toBe(first.requestMembership.id);
      expect(code(await t.gql(REQUEST, { id: '00000000-0000-4000-8000-000000000000' }, user.accessToken))).toBe('NOT_FOUND');
      expect(code(await t.gql(REQUEST, { id: 'nope' }, user.accessToken))).toBe('BAD_USER_INPUT');
      expect(code(await t.gql(REQUEST, { id: orgA }))).toBe('UNAUTHENTICATED');
      const rows = await t.db.query(`SELECT status FROM memberships WHERE user_id = $1`, [user.id]);
      expect(rows).toEqual([{ status: 'PENDING' }]);
      // no sector until approved
      expect((await t.gqlOk(ME, {}, user.accessToken)).me).toMatchObject({ sector: null, organization: null });
    });

    it('an ORG_ADMIN approves requests of their organization: memberCount, sector, audit and notification in one transaction', async () => {
      const user = await registerUser(t, 'joiner');
      const req = await t.gqlOk(REQUEST, { id: orgA }, user.accessToken);
      const res = await t.gqlOk(DECIDE, { id: req.requestMembership.id, approve: true }, orgAdminA.accessToken);
      expect(res.decideMembership).toMatchObject({ status: 'APPROVED', orgRole: 'MEMBER', organization: { id: orgA, memberCount: 2 } });
      expect(res.decideMembership.decidedAt).toEqual(expect.any(String));
      expect((await t.gqlOk(ME, {}, user.accessToken)).me).toEqual({ id: user.id, sector: 'GOVERNMENT', organization: { id: orgA, sector: 'GOVERNMENT' } });
      const audit = await t.db.query<{ actor_id: string; action: string; target_type: string; details: any }>(
        `SELECT actor_id, action, target_type, details FROM audit_log WHERE target_id = $1`,
        [req.requestMembership.id],
      );
      expect(audit).toEqual([
        {
          actor_id: orgAdminA.id,
          action: 'membership.approve',
          target_type: 'MEMBERSHIP',
          details: { userId: user.id, organizationId: orgA, before: { status: 'PENDING', orgRole: 'MEMBER' }, after: { status: 'APPROVED', orgRole: 'MEMBER' } },
        },
      ]);
      const stored = await t.db.query(`SELECT member_count FROM organizations WHERE id = $1`, [orgA]);
      expect(stored).toEqual([{ member_count: 2 }]);
      // the requester is notified of the decision (MEMBERSHIP), from the decider
      const notes = await t.db.query(`SELECT type, actor_id FROM notifications WHERE recipient_id = $1 AND membership_id = $2`, [user.id, req.requestMembership.id]);
      expect(notes).toEqual([{ type: 'MEMBERSHIP', actor_id: orgAdminA.id }]);
    });

    it('refuses decisions by non-admins of the organization with FORBIDDEN and writes nothing', async () => {
      const requester = await registerUser(t, 'victim');
      const outsider = await registerUser(t, 'outsider');
      const orgAdminB = await registerUser(t, 'orgadminb');
      await joinSector(t, admin, orgAdminB, 'NGO', 'ORG_ADMIN');
      const req = await t.gqlOk(REQUEST, { id: orgA }, requester.accessToken);
      const id = req.requestMembership.id;
      for (const token of [outsider.accessToken, orgAdminB.accessToken, requester.accessToken]) {
        const res = await t.gql(DECIDE, { id, approve: true }, token);
        expect(code(res)).toBe('FORBIDDEN');
        expect(res.errors![0].message).toMatch(/ORG_ADMIN of this organization or an ADMIN/);
      }
      expect(code(await t.gql(DECIDE, { id, approve: true }))).toBe('UNAUTHENTICATED');
      // an ORG_ADMIN cannot grant ORG_ADMIN: only an ADMIN sets orgRole
      expect(code(await t.gql(DECIDE, { id, approve: true, orgRole: 'ORG_ADMIN' }, orgAdminA.accessToken))).toBe('FORBIDDEN');
      expect(await t.db.query(`SELECT status FROM memberships WHERE id = $1`, [id])).toEqual([{ status: 'PENDING' }]);
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE target_id = $1`, [id])).toEqual([]);
      expect(await t.db.query(`SELECT 1 FROM notifications WHERE recipient_id = $1`, [requester.id])).toEqual([]);
      // the organization's ORG_ADMIN was told about the request
      expect(await t.db.query(`SELECT type FROM notifications WHERE recipient_id = $1 AND membership_id = $2`, [orgAdminA.id, id])).toEqual([{ type: 'MEMBERSHIP' }]);
    });

    it('unknown membership ids are NOT_FOUND; malformed ones BAD_USER_INPUT', async () => {
      expect(code(await t.gql(DECIDE, { id: '00000000-0000-4000-8000-000000000000', approve: true }, admin))).toBe('NOT_FOUND');
      expect(code(await t.gql(DECIDE, { id: 'x', approve: true }, admin))).toBe('BAD_USER_INPUT');
    });

    it('rejecting a request leaves no sector; a rejected request cannot be approved later, but the user may ask again', async () => {
      const user = await registerUser(t, 'rejected');
      const req = await t.gqlOk(REQUEST, { id: orgB }, user.accessToken);
      const res = await t.gqlOk(DECIDE, { id: req.requestMembership.id, approve: false }, admin);
      expect(res.decideMembership.status).toBe('REJECTED');
      expect((await t.gqlOk(ME, {}, user.accessToken)).me.sector).toBeNull();
      expect(code(await t.gql(DECIDE, { id: req.requestMembership.id, approve: true }, admin))).toBe('CONFLICT');
      const again = await t.gqlOk(REQUEST, { id: orgB }, user.accessToken);
      expect(again.requestMembership.id).not.toBe(req.requestMembership.id);
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1`, [req.requestMembership.id]);
      expect(audit).toEqual([{ action: 'membership.reject' }]);
    });

    it('at most one APPROVED membership per user: a second approval is CONFLICT, and so is a new request', async () => {
      const user = await registerUser(t, 'twoorgs');
      const a = await t.gqlOk(REQUEST, { id: orgA }, user.accessToken);
      const b = await t.gqlOk(REQUEST, { id: orgB }, user.accessToken);
      await t.gqlOk(DECIDE, { id: a.requestMembership.id, approve: true }, admin);
      const before = (await t.db.query<{ member_count: number }>(`SELECT member_count FROM organizations WHERE id = $1`, [orgB]))[0].member_count;
      const res = await t.gql(DECIDE, { id: b.requestMembership.id, approve: true }, admin);
      expect(code(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toMatch(/already holds an approved membership/);
      expect((await t.db.query(`SELECT member_count FROM organizations WHERE id = $1`, [orgB]))[0].member_count).toBe(before);
      // the failed decision left no audit entry and no notification behind
      expect(await t.db.query(`SELECT 1 FROM audit_log WHERE target_id = $1`, [b.requestMembership.id])).toEqual([]);
      expect(await t.db.query(`SELECT 1 FROM notifications WHERE recipient_id = $1 AND membership_id = $2`, [user.id, b.requestMembership.id])).toEqual([]);
      expect(code(await t.gql(REQUEST, { id: orgB }, user.accessToken))).toBe('CONFLICT');
      expect(code(await t.gql(REQUEST, { id: orgA }, user.accessToken))).toBe('CONFLICT');
      // and the database enforces it too
      await expect(t.db.query(`UPDATE memberships SET status = 'APPROVED' WHERE id = $1`, [b.requestMembership.id])).rejects.toThrow(/memberships_one_approved_per_user/);
    });

    it('approve=false on an APPROVED membership ends it: memberCount drops, sector gone', async () => {
      const user = await registerUser(t, 'leaver');
      const { membershipId, organizationId } = await joinSector(t, admin, user, 'ACADEMIA');
      expect((await t.gqlOk(ORG, { id: organizationId })).organization.memberCount).toBe(1);
      expect((await t.gqlOk(ME, {}, user.accessToken)).me.sector).toBe('ACADEMIA');
      const res = await t.gqlOk(DECIDE, { id: membershipId, approve: false }, admin);
      expect(res.decideMembership).toMatchObject({ status: 'REJECTED', organization: { memberCount: 0 } });
      expect((await t.gqlOk(ME, {}, user.accessToken)).me).toMatchObject({ sector: null, organization: null });
      const audit = await t.db.query(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY created_at`, [membershipId]);
      expect(audit.map((r) => r.action)).toEqual(['membership.approve', 'membership.end']);
      // now free to join another organization
      await joinSector(t, admin, user, 'NGO');
      expect((await t.gqlOk(ME, {}, user.accessToken)).me.sector).toBe('NGO');
    });

    it('concurrent approvals of two requests by the same user: exactly one wins', async () => {
      const user = await registerUser(t, 'racer');
      const a = await t.gqlOk(REQUEST, { id: orgA }, user.accessToken);
      const b = await t.gqlOk(REQUEST, { id: orgB }, user.accessToken);
      const results = await Promise.all([
        t.gql(DECIDE, { id: a.requestMembership.id, approve: true }, admin),
        t.gql(DECIDE, { id: b.requestMembership.id, approve: true }, admin),
      ]);
      expect(results.map(code).sort()).toEqual(['CONFLICT', undefined].sort());
      expect(await t.db.query(`SELECT count(*)::int AS n FROM memberships WHERE user_id = $1 AND status = 'APPROVED'`, [user.id])).toEqual([{ n: 1 }]);
      const counts = await t.db.query<{ ok: boolean }>(
        `SELECT bool_and(o.member_count = (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id AND m.status = 'APPROVED')) AS ok FROM organizations o`,
      );
      expect(counts).toEqual([{ ok: true }]);
    });

    it('setMembershipRole (ADMIN) promotes an approved member to ORG_ADMIN, who can then decide; audited', async () => {
      const user = await registerUser(t, 'promoted');
      const { membershipId, organizationId } = await joinSector(t, admin, user, 'IGO');
      const SET = `mutation($id: ID!, $r: OrgRole!) { setMembershipRole(membershipId: $id, orgRole: $r) { id orgRole } }`;
      expect(code(await t.gql(SET, { id: membershipId, r: 'ORG_ADMIN' }, user.accessToken))).toBe('FORBIDDEN');
      expect((await t.gqlOk(SET, { id: membershipId, r: 'ORG_ADMIN' }, admin)).setMembershipRole.orgRole).toBe('ORG_ADMIN');
      const other = await registerUser(t, 'igojoiner');
      const req = await t.gqlOk(REQUEST, { id: organizationId }, other.accessToken);
      expect((await t.gqlOk(DECIDE, { id: req.requestMembership.id, approve: true }, user.accessToken)).decideMembership.status).toBe('APPROVED');
      const audit = await t.db.query(`SELECT action, details FROM audit_log WHERE target_id = $1 AND action = 'membership.role'`, [membershipId]);
      expect(audit).toEqual([{ action: 'membership.role', details: expect.objectContaining({ before: { orgRole: 'MEMBER' }, after: { orgRole: 'ORG_ADMIN' } }) }]);
      // pending memberships cannot get a role
      const pending = await t.gqlOk(REQUEST, { id: orgB }, (await registerUser(t, 'pend')).accessToken);
      expect(code(await t.gql(SET, { id: pending.requestMembership.id, r: 'ORG_ADMIN' }, admin))).toBe('CONFLICT');
    });

    it('organizationMemberships lists requests for ORG_ADMINs and ADMINs only; myMemberships lists mine', async () => {
      const user = await registerUser(t, 'lister');
      const req = await t.gqlOk(REQUEST, { id: orgA }, user.accessToken);
      const Q = `query($id: ID!) { organizationMemberships(organizationId: $id, status: PENDING, first: 100) { totalCount edges { node { id status user { id } } } } }`;
      const asOrgAdmin = await t.gqlOk(Q, { id: orgA }, orgAdminA.accessToken);
      expect(asOrgAdmin.organizationMemberships.edges.map((e: any) => e.node.id)).toContain(req.requestMembership.id);
      expect(asOrgAdmin.organizationMemberships.edges.every((e: any) => e.node.status === 'PENDING')).toBe(true);
      expect((await t.gqlOk(Q, { id: orgA }, admin)).organizationMemberships.totalCount).toBe(asOrgAdmin.organizationMemberships.totalCount);
      expect(code(await t.gql(Q, { id: orgA }, user.accessToken))).toBe('FORBIDDEN');
      expect(code(await t.gql(Q, { id: '00000000-0000-4000-8000-000000000000' }, admin))).toBe('NOT_FOUND');
      const mine = await t.gqlOk(`{ myMemberships { id status organization { id } } }`, {}, user.accessToken);
      expect(mine.myMemberships).toEqual([{ id: req.requestMembership.id, status: 'PENDING', organization: { id: orgA } }]);
    });
  });

  describe('setUserRole', () => {
    const SET = SET_USER_ROLE;

    it('ADMIN sets a role, which takes effect at once and is audited', async () => {
      const user = await registerUser(t, 'tomod');
      const res = await t.gqlOk(SET, { id: user.id, role: 'MODERATOR' }, admin);
      expect(res.setUserRole).toEqual({ id: user.id, role: 'MODERATOR' });
      expect((await t.gqlOk(`{ me { role } }`, {}, user.accessToken)).me.role).toBe('MODERATOR');
      const audit = await t.db.query(`SELECT action, target_type, details FROM audit_log WHERE target_id = $1`, [user.id]);
      expect(audit).toEqual([{ action: 'user.role', target_type: 'USER', details: { before: { role: 'MEMBER' }, after: { role: 'MODERATOR' } } }]);
    });

    it('is ADMIN only; admins cannot change their own role; unknown users are NOT_FOUND; bad roles BAD_USER_INPUT', async () => {
      const user = await registerUser(t, 'roleless');
      const adminId = (await t.gqlOk(`{ me { id } }`, {}, admin)).me.id;
      expect(code(await t.gql(SET, { id: user.id, role: 'ADMIN' }, user.accessToken))).toBe('FORBIDDEN');
      expect(code(await t.gql(SET, { id: user.id, role: 'ADMIN' }))).toBe('UNAUTHENTICATED');
      expect(code(await t.gql(SET, { id: adminId, role: 'MEMBER' }, admin))).toBe('FORBIDDEN');
      expect(code(await t.gql(SET, { id: '00000000-0000-4000-8000-000000000000', role: 'MEMBER' }, admin))).toBe('NOT_FOUND');
      expect(code(await t.gql(SET, { id: user.id, role: 'KING' }, admin))).toBe('BAD_USER_INPUT');
      expect((await t.gqlOk(`{ me { role } }`, {}, user.accessToken)).me.role).toBe('MEMBER');
    });
  });

  it('User.organization and User.sector resolve for many users in one request (batched)', async () => {
    const users = await Promise.all([0, 1, 2].map((i) => registerUser(t, `batch${i}`)));
    await joinSector(t, admin, users[0], 'GOVERNMENT');
    await joinSector(t, admin, users[1], 'NGO');
    const q = `query($id: ID!) { organizationMemberships(organizationId: $id) { edges { node { user { id sector organization { sector } } } } } }`;
    const orgId = (await t.db.query<{ organization_id: string }>(`SELECT organization_id FROM memberships WHERE user_id = $1`, [users[0].id]))[0].organization_id;
    const res = await t.gqlOk(q, { id: orgId }, admin);
    expect(res.organizationMemberships.edges).toEqual([{ node: { user: { id: users[0].id, sector: 'GOVERNMENT', organization: { sector: 'GOVERNMENT' } } } }]);
    expect((await t.gqlOk(ME, {}, users[2].accessToken)).me).toMatchObject({ sector: null, organization: null });
  });
});
