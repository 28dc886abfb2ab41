import { ACCEPT_ANSWER, DECIDE_MEMBERSHIP } from '../support/documents';
import { createThread, errorCode, reply, topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { apply, ASK, nodeIds, QUESTIONS_FOR_ME, verifiedExpert } from './experts.fixtures';

describe('experts: questionsForMe (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let asker: TestUser;
  let expert: { user: TestUser; profile: any };
  const topics: Record<string, string> = {};

  const questions = async (user: TestUser, first = 50, after?: string) => (await t.gqlOk(QUESTIONS_FOR_ME, { first, after }, user.accessToken)).questionsForMe;
  const ask = async (threadId: string, expertId: string, who: TestUser = asker) => expect((await t.gqlOk(ASK, { threadId, expertId }, who.accessToken)).askExpert).toBe(true);
  const q = (extra: Record<string, unknown>, who: TestUser = asker) => createThread(t, who.accessToken, { topicId: topics.retorts, language: 'fr', ...extra });

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    for (const slug of ['reducing-releases', 'retorts', 'fume-hoods-gold-shops', 'tailings']) topics[slug] = await topicId(t, slug);
    asker = await registerUser(t, 'qfm-asker');
    // expertise: a parent topic (its subtopics included), in French and Portuguese
    expert = await verifiedExpert(t, admin, 'qfm-x', { topicIds: [topics['reducing-releases']], languages: ['fr', 'pt'] });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lists open questions asked of the expert first, then those in their topics and languages; newest activity first within each', async () => {
    const other = await registerUser(t, 'qfm-other');
    const matchOld = await q({ title: 'Match, older' });
    const askedUnrelated = await q({ topicId: topics.tailings, language: 'en', title: 'Asked, unrelated topic' });
    const askedFr = await q({ topicId: topics['fume-hoods-gold-shops'], title: 'Asked, fume hoods' });
    const matchPt = await q({ language: 'pt-BR', title: 'Match, Portuguese (pt-BR)' });
    const matchNew = await q({ topicId: topics['fume-hoods-gold-shops'], title: 'Match, newer' });
    // not listed: wrong language, a discussion, answered, locked, the expert's own, already replied to by the expert
    await q({ language: 'en', title: 'English only' });
    await q({ kind: 'DISCUSSION', title: 'A discussion' });
    const answered = await q({ title: 'Answered' });
    const answer = await reply(t, other.accessToken, { threadId: answered.id });
    await t.gqlOk(ACCEPT_ANSWER, { id: answer.id }, asker.accessToken);
    const locked = await q({ title: 'Locked' });
    await t.db.query(`UPDATE threads SET locked = true WHERE id = $1`, [locked.id]);
    await q({ title: 'Own question' }, expert.user);
    const replied = await q({ title: 'Already replied to' });
    await reply(t, expert.user.accessToken, { threadId: replied.id });

    await ask(askedUnrelated.id, expert.profile.id);
    await ask(askedFr.id, expert.profile.id);
    // activity moves a thread up within its group
    await reply(t, other.accessToken, { threadId: askedUnrelated.id });

    const list = await questions(expert.user);
    expect(list.edges.map((e: any) => e.node.title)).toEqual(['Asked, unrelated topic', 'Asked, fume hoods', 'Match, newer', 'Match, Portuguese (pt-BR)', 'Match, older']);
    expect(nodeIds(list)).toEqual([askedUnrelated.id, askedFr.id, matchNew.id, matchPt.id, matchOld.id]);
    expect(list.totalCount).toBe(5);

    // keyset pages: the same list, one at a time
    const seen: string[] = [];
    let page = await questions(expert.user, 2);
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    for (;;) {
      seen.push(...nodeIds(page));
      if (!page.pageInfo.hasNextPage) break;
      page = await questions(expert.user, 2, page.pageInfo.endCursor);
      expect(page.pageInfo.hasPreviousPage).toBe(true);
    }
    expect(seen).toEqual(nodeIds(list));

    // once the expert replies, or an answer is accepted, a question leaves the list
    await reply(t, expert.user.accessToken, { threadId: askedFr.id });
    const a2 = await reply(t, other.accessToken, { threadId: matchOld.id });
    await t.gqlOk(ACCEPT_ANSWER, { id: a2.id }, asker.accessToken);
    expect(nodeIds(await questions(expert.user))).toEqual([askedUnrelated.id, matchNew.id, matchPt.id]);
  });

  it('never lists a thread the expert may not see, even one they were asked about before losing access', async () => {
    const gov = await registerUser(t, 'qfm-gov');
    await joinSector(t, admin, gov, 'GOVERNMENT');
    const govExpert = await verifiedExpert(t, admin, 'qfm-govx', { topicIds: [topics.retorts], languages: ['fr'] });
    const membership = await joinSector(t, admin, govExpert.user, 'GOVERNMENT');
    const restricted = await q({ title: 'Government only', visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } }, gov);
    const members = await q({ title: 'Members only', visibility: { scope: 'MEMBERS' } }, gov);
    /** The list, restricted to this test's threads (the first test left others in the expert's list). */
    const mine = async (user: TestUser) => nodeIds(await questions(user)).filter((id) => [restricted.id, members.id].includes(id));
    // the other expert matches topic and language but is not in the sector: not listed, and cannot be asked
    expect(await mine(expert.user)).toEqual([members.id]);
    expect(errorCode(await t.gql(ASK, { threadId: restricted.id, expertId: expert.profile.id }, gov.accessToken))).toBe('BAD_USER_INPUT');
    await ask(restricted.id, govExpert.profile.id, gov);
    expect(await mine(govExpert.user)).toEqual([restricted.id, members.id]);
    // the membership ends: the asked thread is no longer listed for them
    await t.gqlOk(DECIDE_MEMBERSHIP, { id: membership.membershipId, approve: false }, admin);
    expect(await mine(govExpert.user)).toEqual([members.id]);
    // hidden by moderation: listed for nobody
    await t.db.query(`UPDATE threads SET hidden = true WHERE id = $1`, [members.id]);
    expect(await mine(govExpert.user)).toEqual([]);
    expect(await mine(expert.user)).toEqual([]);
    // a suspended expert gets SUSPENDED (signed-in operations)
    await t.db.query(`UPDATE threads SET hidden = false WHERE id = $1`, [members.id]);
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [govExpert.user.id]);
    expect(errorCode(await t.gql(QUESTIONS_FOR_ME, {}, govExpert.user.accessToken))).toBe('SUSPENDED');
  });

  it('is for VERIFIED experts only (FORBIDDEN otherwise), signed in', async () => {
    const member = await registerUser(t, 'qfm-member');
    expect(errorCode(await t.gql(QUESTIONS_FOR_ME, {}, member.accessToken))).toBe('FORBIDDEN');
    await apply(t, member, { topicIds: [topics.retorts] });
    expect(errorCode(await t.gql(QUESTIONS_FOR_ME, {}, member.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(QUESTIONS_FOR_ME, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(QUESTIONS_FOR_ME, { after: 'forged' }, expert.user.accessToken))).toBe('BAD_USER_INPUT');
  });
});
