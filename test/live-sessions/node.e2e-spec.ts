import { topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { ASK, MODERATE, schedule, SEND, START } from './live.fixtures';

const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on LiveSession { title } ... on LiveMessage { body } ... on LiveQuestion { body status } } }`;

describe('live sessions: node(id) for sessions, chat messages and questions follows their read rules (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let gov: TestUser;
  let ngo: TestUser;
  let asker: TestUser;
  const node = async (id: string, token?: string) => (await t.gqlOk(NODE, { id }, token)).node;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    [gov, ngo, asker] = await Promise.all([registerUser(t, 'lgov'), registerUser(t, 'lngo'), registerUser(t, 'lask')]);
    await joinSector(t, admin, gov, 'GOVERNMENT');
    await joinSector(t, admin, asker, 'GOVERNMENT');
    await joinSector(t, admin, ngo, 'NGO');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a SECTORS session, its messages and questions: visible to the sector, null for outsiders and anonymous; hidden and dismissed items for staff (and the author)', async () => {
    const topic = await topicId(t);
    const s = await schedule(t, admin, topic, { title: 'Government node test', visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    await t.gqlOk(START, { id: s.id }, admin);
    const message = (await t.gqlOk(SEND, { s: s.id, body: 'hello government' }, gov.accessToken)).sendLiveMessage;
    const question = (await t.gqlOk(ASK, { s: s.id, body: 'A question for the hosts?' }, asker.accessToken)).askLiveQuestion;

    expect(await node(s.id, gov.accessToken)).toMatchObject({ __typename: 'LiveSession', title: 'Government node test' });
    expect(await node(message.id, gov.accessToken)).toMatchObject({ __typename: 'LiveMessage', body: 'hello government' });
    expect(await node(question.id, gov.accessToken)).toMatchObject({ __typename: 'LiveQuestion', status: 'OPEN' });
    for (const id of [s.id, message.id, question.id]) {
      expect(await node(id, ngo.accessToken)).toBeNull();
      expect(await node(id)).toBeNull();
    }

    await t.db.query('UPDATE live_messages SET hidden = true WHERE id = $1', [message.id]);
    expect(await node(message.id, gov.accessToken)).toBeNull();
    expect(await node(message.id, admin)).toMatchObject({ __typename: 'LiveMessage' });

    await t.gqlOk(MODERATE, { q: question.id, status: 'DISMISSED' }, admin);
    expect(await node(question.id, gov.accessToken)).toBeNull();
    expect(await node(question.id, asker.accessToken)).toMatchObject({ __typename: 'LiveQuestion', status: 'DISMISSED' });
    expect(await node(question.id, admin)).toMatchObject({ __typename: 'LiveQuestion' });
  });
});
