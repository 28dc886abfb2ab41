import { answerReadAhead, setReadAhead } from './read-ahead';

const call = (source: unknown, fieldName: string, resolved: unknown) =>
  answerReadAhead({ source, info: { fieldName } as any, args: {}, context: {} }, async () => resolved);

describe('read-ahead field values', () => {
  it('answers a field from its parent when the reading query read it, else lets the resolver run', async () => {
    const post = {};
    setReadAhead(post, { viewerVote: 1 });
    setReadAhead(post, { author: null });
    expect(await call(post, 'viewerVote', 'resolver')).toBe(1);
    // null is an answer (no such account), not a miss
    expect(await call(post, 'author', 'resolver')).toBeNull();
    expect(await call(post, 'score', 'resolver')).toBe('resolver');
    expect(await call({}, 'viewerVote', 'resolver')).toBe('resolver');
    expect(await call(null, 'viewerVote', 'resolver')).toBe('resolver');
  });
});

describe('read-ahead values answered synchronously', () => {
  it('answers a field from its parent at once, and calls the resolver for anything else', async () => {
    const { buildSchema, graphql } = await import('graphql');
    const { answerReadAheadSynchronously } = await import('./read-ahead');
    const schema = buildSchema('type Query { post: Post } type User { name: String } type Post { author: User, score: Int, title: String }');
    const calls: string[] = [];
    const post = { title: 'plain field' };
    setReadAhead(post, { author: { name: 'read ahead' } });
    schema.getQueryType()!.getFields().post.resolve = () => post;
    const fields = schema.getType('Post') as import('graphql').GraphQLObjectType;
    fields.getFields().author.resolve = () => (calls.push('author'), { name: 'resolver' });
    fields.getFields().score.resolve = () => (calls.push('score'), 7);
    answerReadAheadSynchronously(schema);
    const answer = await graphql({ schema, source: '{ post { author { name } score title } }' });
    expect(answer).toEqual({ data: { post: { author: { name: 'read ahead' }, score: 7, title: 'plain field' } } });
    expect(calls).toEqual(['score']);
  });
});
