import { randomUUID } from 'node:crypto';
import { createThread, errorCode, reply, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { sqlCounter } from '../support/sql-count';
import { startTestApp, TestApp } from '../support/test-app';
import { login, registerUser, TestUser, withAdmin } from '../support/users';
import { APPLICATIONS, apply, applyRaw, expertInput, ME_PROFILE, review, REVIEW, verifiedExpert } from './experts.fixtures';

const NOTIFICATIONS = `{ notifications(first: 10) { edges { node { id type actor { id } expertProfile { id status reviewNote } } } } }`;
const PROFILE_OF = `query($id: ID!) { node(id: $id) { __typename ... on ExpertProfile { id status reviewNote user { id } } } }`;

describe('experts: profiles and verification (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let moderator: TestUser;
  let retorts: string;
  let gravity: string;

  const audit = (targetId: string) =>
    t.db.query<{ action: string; actor_id: string; target_type: string; details: any }>(
      `SELECT action, actor_id, target_type, details FROM audit_log WHERE target_id = $1 ORDER BY created_at, action`,
      [targetId],
    );

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    moderator = await registerUser(t, 'pv-mod');
    await t.db.query(`UPDATE users SET role = 'MODERATOR' WHERE id = $1`, [moderator.id]);
    retorts = await topicId(t, 'retorts');
    gravity = await topicId(t, 'gravity-concentration');
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('applyAsExpert', () => {
    it('creates a PENDING profile: sanitized bio, normalized countries and languages, topics in order', async () => {
      const user = await registerUser(t, 'pv-apply');
      const profile = await apply(t, user, {
        headline: '  Borax   smelting  trainer ',
        bio: 'Ran pilots in **Ghana** <script>alert(1)</script> [x](javascript:alert(1))',
        topicIds: [gravity, retorts, gravity],
        countries: ['gh', ' BF '],
        languages: ['fr', 'en-gb', 'fr'],
      });
      expect(profile).toMatchObject({
        status: 'PENDING',
        headline: 'Borax smelting trainer',
        countries: ['GH', 'BF'],
        languages: ['fr', 'en-GB'],
        language: 'fr',
        availableForQuestions: true,
        reputation: 0,
        answerCount: 0,
        acceptedAnswerCount: 0,
        verifiedAt: null,
        user: { id: user.id, role: 'MEMBER' },
      });
      expect(profile.expertise.map((x: any) => x.id)).toEqual([gravity, retorts]);
      expect(profile.bioHtml).toContain('<strong>Ghana</strong>');
      expect(profile.bioHtml).not.toMatch(/script|javascript/);
    });

    it('refuses invalid fields with BAD_USER_INPUT', async () => {
      const user = await registerUser(t, 'pv-bad');
      const cases: Record<string, unknown>[] = [
        { topicIds: [] },
        { topicIds: Array.from({ length: 11 }, () => randomUUID()) },
        { topicIds: [randomUUID()] },
        { topicIds: ['not-a-uuid'] },
        { topicIds: [retorts], countries: ['XX'] },
        { topicIds: [retorts], languages: [] },
        { topicIds: [retorts], languages: ['not a language'] },
        { topicIds: [retorts], headline: '   ' },
        { topicIds: [retorts], headline: 'x'.repeat(161) },
        { topicIds: [retorts], bio: 'x'.repeat(5001) },
        { topicIds: [retorts], language: 'zz-invalid-tag-!!' },
      ];
      for (const c of cases) {
        const res = await applyRaw(t, user, expertInput(c as any));
        expect([JSON.stringify(c).slice(0, 60), errorCode(res)]).toEqual([JSON.stringify(c).slice(0, 60), 'BAD_USER_INPUT']);
      }
      expect(await t.gqlOk(ME_PROFILE, {}, user.accessToken)).toMatchObject({ me: { expertProfile: null } });
      expect(errorCode(await t.gql(`mutation($input: ApplyAsExpertInput!) { applyAsExpert(input: $input) { id } }`, { input: expertInput({ topicIds: [retorts] }) }))).toBe('UNAUTHENTICATED');
    });

    it('a PENDING profile is seen by its owner and staff only (User.expertProfile, node)', async () => {
      const owner = await registerUser(t, 'pv-vis');
      const other = await registerUser(t, 'pv-other');
      const profile = await apply(t, owner, { topicIds: [retorts] });
      const expertProfileOf = async (token: string | null) =>
        (await t.gqlOk(`query($id: ID!) { node(id: $id) { ... on User { expertProfile { id status } } } }`, { id: owner.id }, token)).node.expertProfile;
      expect(await expertProfileOf(owner.accessToken)).toEqual({ id: profile.id, status: 'PENDING' });
      expect(await expertProfileOf(moderator.accessToken)).toEqual({ id: profile.id, status: 'PENDING' });
      expect(await expertProfileOf(other.accessToken)).toBeNull();
      expect(await expertProfileOf(null)).toBeNull();
      expect((await t.gqlOk(PROFILE_OF, { id: profile.id }, other.accessToken)).node).toBeNull();
      expect((await t.gqlOk(PROFILE_OF, { id: profile.id }, owner.accessToken)).node).toMatchObject({ __typename: 'ExpertProfile', id: profile.id });
    });
  });

  describe('reviewExpert', () => {
    it('approval: VERIFIED, role EXPERT, audited, the applicant notified; the queue lists PENDING ones oldest first', async () => {
      const first = await registerUser(t, 'pv-q1');
      const second = await registerUser(t, 'pv-q2');
      const p1 = await apply(t, first, { topicIds: [retorts] });
      const p2 = await apply(t, second, { topicIds: [retorts] });
      const queue = (await t.gqlOk(APPLICATIONS, { first: 100 }, moderator.accessToken)).expertApplications;
      const ids = queue.edges.map((e: any) => e.node.id);
      expect(ids.indexOf(p1.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(p1.id)).toBeLessThan(ids.indexOf(p2.id));
      expect(queue.edges.every((e: any) => e.node.status === 'PENDING')).toBe(true);
      expect(errorCode(await t.gql(APPLICATIONS, {}, first.accessToken))).toBe('FORBIDDEN');

      const approved = await review(t, moderator.accessToken, first.id, true, 'Welcome aboard');
      expect(approved).toMatchObject({ id: p1.id, status: 'VERIFIED', reviewNote: 'Welcome aboard', user: { id: first.id, role: 'EXPERT' } });
      expect(approved.verifiedAt).toBeTruthy();
      expect((await t.gqlOk(APPLICATIONS, { first: 100 }, moderator.accessToken)).expertApplications.edges.map((e: any) => e.node.id)).not.toContain(p1.id);
      expect((await t.gqlOk(APPLICATIONS, { status: 'VERIFIED', first: 100 }, admin)).expertApplications.edges.map((e: any) => e.node.id)).toContain(p1.id);

      const rows = await audit(p1.id);
      expect(rows).toEqual([
        {
          action: 'expert.approve',
          actor_id: moderator.id,
          target_type: 'EXPERT_PROFILE',
          details: { userId: first.id, before: { status: 'PENDING' }, after: { status: 'VERIFIED' }, note: 'Welcome aboard', roleChanged: true },
        },
      ]);
      const roleRows = await audit(first.id);
      expect(roleRows).toEqual([
        { action: 'user.role', actor_id: moderator.id, target_type: 'USER', details: { before: { role: 'MEMBER' }, after: { role: 'EXPERT' }, reason: 'expert.approve' } },
      ]);
      const inbox = (await t.gqlOk(NOTIFICATIONS, {}, first.accessToken)).notifications.edges.map((e: any) => e.node);
      expect(inbox).toEqual([{ id: expect.any(String), type: 'EXPERT_REVIEW', actor: { id: moderator.id }, expertProfile: { id: p1.id, status: 'VERIFIED', reviewNote: 'Welcome aboard' } }]);
      // the same decision again changes nothing (no second audit row or notification)
      await review(t, moderator.accessToken, first.id, true, 'Welcome aboard');
      expect(await audit(p1.id)).toHaveLength(1);
      expect((await t.gqlOk(NOTIFICATIONS, {}, first.accessToken)).notifications.edges).toHaveLength(1);
    });

    it('rejection keeps the role and records the note (owner and staff see it); re-applying makes it PENDING again', async () => {
      const user = await registerUser(t, 'pv-rej');
      const other = await registerUser(t, 'pv-rej-other');
      const p = await apply(t, user, { topicIds: [retorts] });
      const rejected = await review(t, admin, user.id, false, 'Please describe your field work');
      expect(rejected).toMatchObject({ status: 'REJECTED', reviewNote: 'Please describe your field work', user: { role: 'MEMBER' } });
      expect(await audit(p.id)).toEqual([
        expect.objectContaining({ action: 'expert.reject', target_type: 'EXPERT_PROFILE', details: expect.objectContaining({ before: { status: 'PENDING' }, after: { status: 'REJECTED' }, note: 'Please describe your field work', roleChanged: false }) }),
      ]);
      expect(await audit(user.id)).toEqual([]);
      const mine = (await t.gqlOk(ME_PROFILE, {}, user.accessToken)).me.expertProfile;
      expect(mine).toMatchObject({ status: 'REJECTED', reviewNote: 'Please describe your field work' });
      expect((await t.gqlOk(PROFILE_OF, { id: p.id }, other.accessToken)).node).toBeNull();
      const inbox = (await t.gqlOk(NOTIFICATIONS, {}, user.accessToken)).notifications.edges.map((e: any) => e.node);
      expect(inbox[0]).toMatchObject({ type: 'EXPERT_REVIEW', expertProfile: { status: 'REJECTED' } });

      const again = await apply(t, user, { topicIds: [retorts], bio: 'Three years of **field work** in Ghana.' });
      expect(again).toMatchObject({ id: p.id, status: 'PENDING' });
      expect(new Date(again.submittedAt).getTime()).toBeGreaterThan(new Date(p.submittedAt).getTime());
    });

    it('a VERIFIED expert who edits stays VERIFIED; withdrawing the verification makes an EXPERT a MEMBER again', async () => {
      const { user, profile } = await verifiedExpert(t, admin, 'pv-edit', { topicIds: [retorts] });
      const edited = await apply(t, user, { topicIds: [gravity], headline: 'New headline', availableForQuestions: false });
      expect(edited).toMatchObject({ id: profile.id, status: 'VERIFIED', headline: 'New headline', availableForQuestions: false, user: { role: 'EXPERT' } });
      expect(edited.verifiedAt).toBe(profile.verifiedAt);
      // omitted availability keeps the earlier choice
      expect((await apply(t, user, { topicIds: [gravity] })).availableForQuestions).toBe(false);
      const withdrawn = await review(t, moderator.accessToken, user.id, false, 'Verification withdrawn');
      expect(withdrawn).toMatchObject({ status: 'REJECTED', user: { role: 'MEMBER' } });
      expect((await audit(user.id)).map((r) => [r.action, r.details.after.role, r.details.reason])).toEqual([
        ['user.role', 'EXPERT', 'expert.approve'],
        ['user.role', 'MEMBER', 'expert.reject'],
      ]);
    });

    it('approving a MODERATOR keeps their role; nobody reviews their own profile; members may not review', async () => {
      const mod2 = await registerUser(t, 'pv-mod2');
      await t.db.query(`UPDATE users SET role = 'MODERATOR' WHERE id = $1`, [mod2.id]);
      await apply(t, mod2, { topicIds: [retorts] });
      expect(errorCode(await t.gql(REVIEW, { userId: mod2.id, approve: true }, mod2.accessToken))).toBe('FORBIDDEN');
      expect(await review(t, moderator.accessToken, mod2.id, true)).toMatchObject({ status: 'VERIFIED', user: { role: 'MODERATOR' } });
      const member = await registerUser(t, 'pv-member');
      const applicant = await registerUser(t, 'pv-applicant');
      await apply(t, applicant, { topicIds: [retorts] });
      expect(errorCode(await t.gql(REVIEW, { userId: applicant.id, approve: true }, member.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(REVIEW, { userId: member.id, approve: true }, admin))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(REVIEW, { userId: 'nope', approve: true }, admin))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(REVIEW, { userId: applicant.id, approve: false, note: 'x'.repeat(1001) }, admin))).toBe('BAD_USER_INPUT');
    });

    it('the new role applies at once (the same access token)', async () => {
      const user = await registerUser(t, 'pv-role');
      await apply(t, user, { topicIds: [retorts] });
      await review(t, admin, user.id, true);
      const session = await login(t, user.email, user.password);
      expect((await t.gqlOk(`{ me { role } }`, {}, user.accessToken)).me.role).toBe('EXPERT');
      expect((await t.gqlOk(`{ me { role } }`, {}, session.accessToken)).me.role).toBe('EXPERT');
    });
  });

  describe('User.expertProfile: the badge on authors, batched', () => {
    it('a thread page with authors and their expert profiles costs the same SQL for 5 or 20 threads, one statement more than without profiles', async () => {
      const count = sqlCounter(t);
      const topic = (await t.gqlOk(`mutation { createTopic(input: { name: "Badges", slug: "badges" }) { id } }`, {}, admin)).createTopic.id;
      const authors: TestUser[] = [];
      for (let i = 0; i < 4; i++) authors.push((await verifiedExpert(t, admin, `pv-badge${i}`, { topicIds: [retorts] })).user);
      authors.push(await registerUser(t, 'pv-plain'));
      for (let i = 0; i < 20; i++) await createThread(t, authors[i % 5].accessToken, { topicId: topic });
      const statements = async (query: string, first: number): Promise<number> => {
        const counts: number[] = [];
        for (let i = 0; i < 2; i++) {
          const page = await count(query, { topic, first }, authors[4].accessToken);
          if (first === 20 && query.includes('expertProfile')) {
            const badges = page.data.threads.edges.map((e: any) => e.node.author.expertProfile);
            expect(badges.filter((b: any) => b?.status === 'VERIFIED')).toHaveLength(16);
            expect(badges.filter((b: any) => b === null)).toHaveLength(4);
          }
          counts.push(page.statements);
        }
        expect(counts[1]).toBe(counts[0]);
        return counts[0];
      };
      const plain = `query($topic: ID!, $first: Int) { threads(filter: { topicId: $topic }, first: $first) { edges { node { id author { id handle } } } } }`;
      const badged = `query($topic: ID!, $first: Int) { threads(filter: { topicId: $topic }, first: $first) { edges { node { id author { id handle expertProfile { id status reputation answerCount acceptedAnswerCount } } } } } }`;
      const without = await statements(plain, 20);
      const small = await statements(badged, 5);
      const large = await statements(badged, 20);
      expect(large).toBe(small);
      expect(large).toBe(without + 1);
    });

    it('post authors carry the badge too', async () => {
      const { user: expert } = await verifiedExpert(t, admin, 'pv-post', { topicIds: [retorts] });
      const asker = await registerUser(t, 'pv-asker');
      const thread = await createThread(t, asker.accessToken, { topicId: retorts });
      await reply(t, expert.accessToken, { threadId: thread.id, body: 'Use a retort.' });
      const posts = (await t.gqlOk(`query($id: ID!) { thread(id: $id) { author { expertProfile { id } } posts(first: 5) { edges { node { author { id expertProfile { status answerCount } } } } } } }`, { id: thread.id })).thread;
      expect(posts.author.expertProfile).toBeNull();
      expect(posts.posts.edges[0].node.author).toEqual({ id: expert.id, expertProfile: { status: 'VERIFIED', answerCount: 1 } });
    });
  });
});
