import { createThread, reply, topicId } from '../support/forum';
import { socketPool } from '../support/sockets';
import { DataSource } from 'typeorm';
import { DomainEventBus } from '../../src/platform/events/domain-event-bus';
import { describeWithRedis, startTwoInstances } from '../support/instances';
import { TestApp } from '../support/test-app';
import { registerUser } from '../support/users';

describeWithRedis('realtime: two instances through Redis (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets = socketPool();

  beforeAll(async () => {
    // One database and one Redis channel prefix, unique to this spec (see sharedRedisEnv).
    ({ a, b } = await startTwoInstances());
  });

  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await a?.close();
  });

  it('a client on instance A receives, in order, posts created through instance B', async () => {
    const author = await registerUser(b, 'scale-author');
    const replier = await registerUser(b, 'scale-reply');
    const thread = await createThread(b, author.accessToken, { topicId: await topicId(b) });
    const room = `thread:${thread.id}`;
    const onA = await sockets.connectTo(a.baseUrl);
    expect(await onA.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await reply(b, replier.accessToken, { threadId: thread.id, body: `from B #${i}` })).id);
    await onA.until(() => onA.events.length === 20, '20 events on A');
    expect(onA.events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(onA.events.map((e) => e.data.postId)).toEqual(ids);
  });

  it('typing on instance B reaches a client on instance A; notifications for a user on A come from B', async () => {
    const author = await registerUser(a, 'scale-typ');
    const other = await registerUser(a, 'scale-oth');
    const thread = await createThread(a, author.accessToken, { topicId: await topicId(a) });
    const room = `thread:${thread.id}`;
    const onA = await sockets.connectTo(a.baseUrl, author.accessToken);
    const onB = await sockets.connectTo(b.baseUrl, other.accessToken);
    await onA.call('subscribe', { room });
    await onB.call('subscribe', { room });
    expect(await onB.call('typing', { room })).toEqual({ ok: true });
    await onA.until(() => onA.typing.length === 1, 'typing from B');
    expect(onA.typing[0]).toMatchObject({ seq: null, type: 'typing', data: { user: { id: other.id } } });

    // A reply through B: the author (watching, connected to A) gets post.created and notification.created.
    await reply(b, other.accessToken, { threadId: thread.id, body: 'hello from B' });
    await onA.until(() => onA.events.some((e) => e.type === 'notification.created'), 'notification on A');
    expect(onA.events.find((e) => e.type === 'notification.created')).toMatchObject({ room: `user:${author.id}`, seq: 1, data: { type: 'REPLY', threadId: thread.id } });
  });

  it('user.access-changed on instance B disconnects the suspended user’s socket on instance A at once', async () => {
    const user = await registerUser(a, 'scale-susp');
    const onA = await sockets.connectTo(a.baseUrl, user.accessToken);
    const disconnected = new Promise<string>((resolve) => onA.socket.once('disconnect', resolve));
    await a.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [user.id]);
    await b.app.get(DomainEventBus).emit(b.app.get(DataSource).manager, 'user.access-changed', { userId: user.id });
    expect(await disconnected).toBe('io server disconnect');
  });
});
