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
