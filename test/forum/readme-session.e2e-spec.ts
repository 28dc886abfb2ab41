import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate } from 'graphql';
import { readmeOperations } from '../support/readme';
import { startTestApp, TestApp } from '../support/test-app';

describe('README sample GraphQL session (e2e)', () => {
  let t: TestApp;
  const ops = readmeOperations();
  const op = (name: string) => {
    const doc = ops.get(name);
    if (!doc) throw new Error(`README has no operation ${name}`);
    return doc;
  };

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('every document of the section is valid against the schema', () => {
    expect([...ops.keys()]).toEqual(['Register', 'Topic', 'Ask', 'Answer', 'Vote', 'Accept', 'Thread', 'Search', 'Threads']);
    const schema = t.app.get(GraphQLSchemaHost).schema;
    for (const [name, doc] of ops) expect([name, validate(schema, parse(doc)).map((e) => e.message)]).toEqual([name, []]);
  });

  it('runs: register, ask, answer, vote, accept, read, search', async () => {
    const asker = (await t.gqlOk(op('Register'), { input: { email: 'amina@example.org', password: 'a-long-password-1', displayName: 'Amina', handle: 'amina' } })).register;
    const helper = (await t.gqlOk(op('Register'), { input: { email: 'kwame@example.org', password: 'a-long-password-2', displayName: 'Kwame', handle: 'kwame' } })).register;
    const topic = (await t.gqlOk(op('Topic'), { slug: 'retorts' })).topic;
    expect(topic.parent.name).toMatch(/Reducing releases/);
    const input = {
      kind: 'QUESTION',
      topicId: topic.id,
      title: 'Which retort works for 20-50 g amalgam batches?',
      body: 'We still burn amalgam in the open. **Which retort** is robust over a charcoal fire?',
      tags: ['retorts', 'Small Scale'],
      language: 'en',
      idempotencyKey: 'ask-1',
    };
    const thread = (await t.gqlOk(op('Ask'), { input }, asker.accessToken)).createThread;
    expect(thread).toMatchObject({ tags: ['retorts', 'small-scale'], answered: false, author: { handle: 'amina' }, topic: { slug: 'retorts' } });
    expect(thread.bodyHtml).toContain('<strong>Which retort</strong>');
    const answer = (await t.gqlOk(op('Answer'), { input: { threadId: thread.id, body: 'A steel **kitchen-bowl retort** recovers most of the mercury; cool it fully before opening.', idempotencyKey: 'answer-1' } }, helper.accessToken)).postReply;
    expect(answer.thread.postCount).toBe(1);
    expect((await t.gqlOk(op('Vote'), { postId: answer.id }, asker.accessToken)).votePost).toEqual({ id: answer.id, score: 1, viewerVote: 1 });
    const accepted = (await t.gqlOk(op('Accept'), { postId: answer.id }, asker.accessToken)).acceptAnswer;
    expect(accepted).toEqual({ id: thread.id, answered: true, acceptedAnswer: { id: answer.id, accepted: true, author: { handle: 'kwame' } } });
    const read = (await t.gqlOk(op('Thread'), { id: thread.id }, asker.accessToken)).thread;
    expect(read.posts.edges[0].node).toMatchObject({ id: answer.id, accepted: true, score: 1, viewerVote: 1 });
    const found = (await t.gqlOk(op('Search'), { query: 'retort charcoal' })).search;
    expect(found.edges[0].node.thread.id).toBe(thread.id);
    expect(found.edges[0].node.snippet).toContain('<mark>');
    const unanswered = (await t.gqlOk(op('Threads'), {})).threads;
    expect(unanswered.edges.map((e: any) => e.node.id)).not.toContain(thread.id);
  });
});
