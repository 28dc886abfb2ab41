import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { createThread, reply, setRole, topicId } from '../support/forum';
import { adminToken, joinOrganization, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

/** Apollo Client 4, as a Relay-style client would refetch one object. */
function apollo(t: TestApp, token?: string | null): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: `${t.baseUrl}/graphql`, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache({ possibleTypes: { Node: ['Thread', 'Post', 'Topic', 'User', 'Organization', 'Membership', 'Notification'] } }),
    defaultOptions: { query: { fetchPolicy: 'no-cache' } },
  });
}

const NODE = gql`
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Thread { title }
      ... on Post { body }
      ... on Topic { slug }
      ... on User { handle }
      ... on Organization { name }
      ... on Membership { status }
      ... on Notification { type }
    }
  }
`;
const NODES = gql`
  query Nodes($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      id
    }
  }
`;
const POST = gql`
  query Post($id: ID!) {
    post(id: $id) {
      id
      body
      thread { id }
    }
  }
`;

describe('client developers: Relay object identification — node, nodes, post — under the access policy (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let gov: TestUser;
  let outsider: TestUser;
  let moderator: TestUser;
  let orgAdmin: TestUser;
  let pub: any;
  let secret: any;
  let secretPost: any;
  let pubPost: any;
  let hiddenThread: any;
  let membershipId: string;
  let organizationId: string;

  const node = async (id: string, token?: string | null) => ((await apollo(t, token).query({ query: NODE, variables: { id } })).data as any).node;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    [gov, outsider, moderator, orgAdmin] = await Promise.all([registerUser(t, 'gov'), registerUser(t, 'out'), registerUser(t, 'mod'), registerUser(t, 'oadm')]);
    await setRole(t, moderator.id, 'MODERATOR');
    const joined = await joinSector(t, admin, orgAdmin, 'GOVERNMENT', 'ORG_ADMIN');
    organizationId = joined.organizationId;
    membershipId = (await joinOrganization(t, admin, gov, organizationId)).membershipId;
    const retorts = await topicId(t, 'retorts');
    pub = await createThread(t, gov.accessToken, { topicId: retorts, title: 'A public question on retorts' });
    secret = await createThread(t, gov.accessToken, { topicId: retorts, title: 'Government only: NAP drafts', visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    hiddenThread = await createThread(t, gov.accessToken, { topicId: retorts, title: 'A thread moderation hid' });
    await t.db.query(`UPDATE threads SET hidden = true WHERE id = $1`, [hiddenThread.id]);
    pubPost = await reply(t, outsider.accessToken, { threadId: pub.id, body: 'A public reply' });
    secretPost = await reply(t, orgAdmin.accessToken, { threadId: secret.id, body: 'A government-only reply' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('Thread: visible ones resolve with their type; SECTORS for outsiders and hidden ones for members are null', async () => {
    expect(await node(pub.id)).toMatchObject({ __typename: 'Thread', id: pub.id, title: 'A public question on retorts' });
    expect(await node(secret.id)).toBeNull();
    expect(await node(secret.id, outsider.accessToken)).toBeNull();
    expect(await node(secret.id, gov.accessToken)).toMatchObject({ __typename: 'Thread', id: secret.id });
    expect(await node(hiddenThread.id, gov.accessToken)).toBeNull();
    expect(await node(hiddenThread.id, moderator.accessToken)).toMatchObject({ __typename: 'Thread', id: hiddenThread.id });
  });

  it('Post: node(id) and post(id) follow the thread’s visibility and hidden flags', async () => {
    expect(await node(pubPost.id)).toMatchObject({ __typename: 'Post', body: 'A public reply' });
    const viaPost = async (id: string, token?: string) => ((await apollo(t, token).query({ query: POST, variables: { id } })).data as any).post;
    expect(await viaPost(pubPost.id)).toMatchObject({ id: pubPost.id, thread: { id: pub.id } });
    expect(await node(secretPost.id, outsider.accessToken)).toBeNull();
    expect(await viaPost(secretPost.id, outsider.accessToken)).toBeNull();
    expect(await viaPost(secretPost.id, gov.accessToken)).toMatchObject({ id: secretPost.id, body: 'A government-only reply' });
    await t.db.query(`UPDATE posts SET hidden = true WHERE id = $1`, [pubPost.id]);
    try {
      expect(await viaPost(pubPost.id, gov.accessToken)).toBeNull();
      expect(await node(pubPost.id)).toBeNull();
      expect(await viaPost(pubPost.id, moderator.accessToken)).toMatchObject({ id: pubPost.id });
    } finally {
      await t.db.query(`UPDATE posts SET hidden = false WHERE id = $1`, [pubPost.id]);
    }
  });

  it('Topic, User and Organization are public', async () => {
    const retorts = await topicId(t, 'retorts');
    expect(await node(retorts)).toMatchObject({ __typename: 'Topic', slug: 'retorts' });
    expect(await node(gov.id)).toMatchObject({ __typename: 'User', handle: gov.handle });
    expect(await node(organizationId)).toMatchObject({ __typename: 'Organization', id: organizationId });
  });

  it('Membership: the member, an ORG_ADMIN of its organization and an ADMIN; null for others and for MODERATOR', async () => {
    expect(await node(membershipId, gov.accessToken)).toMatchObject({ __typename: 'Membership', status: 'APPROVED' });
    expect(await node(membershipId, orgAdmin.accessToken)).toMatchObject({ __typename: 'Membership' });
    expect(await node(membershipId, admin)).toMatchObject({ __typename: 'Membership' });
    expect(await node(membershipId, outsider.accessToken)).toBeNull();
    expect(await node(membershipId, moderator.accessToken)).toBeNull();
    expect(await node(membershipId)).toBeNull();
  });

  it('Notification: its recipient only', async () => {
    // the outsider's reply to the public thread notified its author (gov)
    const [{ id }] = await t.db.query<{ id: string }>(`SELECT id FROM notifications WHERE recipient_id = $1 AND type = 'REPLY' LIMIT 1`, [gov.id]);
    expect(await node(id, gov.accessToken)).toMatchObject({ __typename: 'Notification', id, type: 'REPLY' });
    expect(await node(id, outsider.accessToken)).toBeNull();
    expect(await node(id, admin)).toBeNull();
    expect(await node(id)).toBeNull();
  });

  it('nodes(ids): in order, null for what the viewer may not see or what does not exist; at most 100', async () => {
    const unknown = '7c3c8b1e-2b7a-4a5e-9d2e-1b1b1b1b1b1b';
    const { data } = await apollo(t, outsider.accessToken).query({ query: NODES, variables: { ids: [secret.id, pub.id, unknown, pubPost.id, gov.id] } });
    expect((data as any).nodes).toEqual([
      null,
      { __typename: 'Thread', id: pub.id },
      null,
      { __typename: 'Post', id: pubPost.id },
      { __typename: 'User', id: gov.id },
    ]);
    const { error } = await apollo(t).query({ query: NODES, variables: { ids: Array.from({ length: 101 }, () => unknown) } }).catch((e) => ({ error: e }));
    expect((error as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
