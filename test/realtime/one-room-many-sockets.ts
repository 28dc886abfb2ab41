import { DataSource } from 'typeorm';
import { RoomEventType } from '../../src/outbox/room-events';
import { RoomEventsService } from '../../src/outbox/room-events.service';
import { createThread } from '../support/forum';
import { range, SocketPool } from '../support/sockets';
import { TestApp } from '../support/test-app';
import { TestUser } from '../support/users';

/**
 * One thread room, 15 sockets, 200 events from four writers at once: sockets starting at the
 * head, replaying from 0 or from the middle, re-subscribing with lastSeq while live, and one
 * leaving half-way each get every event once, in order. Run by forum-rooms (a room broadcast at
 * once) and by chunked-rooms (the same room broadcast 2 sockets at a time).
 */
export async function oneRoomManySockets(t: TestApp, connect: SocketPool['connect'], author: TestUser, topic: string): Promise<void> {
  const roomEvents = t.app.get(RoomEventsService);
  const manager = t.app.get(DataSource).manager;
  const thread = await createThread(t, author.accessToken, { topicId: topic });
  const room = `thread:${thread.id}`;
  const N = 200;
  let appended = 0;
  const append = () => roomEvents.append(manager, room, 'test.event' as RoomEventType, { n: ++appended } as never);
  const seqs = (s: { events: { room: string; seq: number | null }[] }) => s.events.filter((e) => e.room === room).map((e) => e.seq);
  const waitFor = async (n: number) => {
    while (appended < n) await new Promise((r) => setTimeout(r, 5));
  };

  const early = await Promise.all([connect(), connect(), connect()]);
  for (const s of early) expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
  // Four writers at once: seqs are still allocated in commit order, events arrive faster. Half-way
  // they wait until one socket has left, so that events certainly follow its leaving (on a slow
  // machine they could otherwise all be delivered before the leave is processed).
  let leave!: () => void;
  const hasLeft = new Promise<void>((resolve) => (leave = resolve));
  const writer = Promise.all(
    [1, 2, 3, 4].map(async () => {
      while (appended < N) {
        if (appended >= N / 2) await hasLeft;
        await append();
      }
    }),
  );

  await waitFor(10);
  const fromZero = await Promise.all(range(1, 4).map(() => connect()));
  const fromMiddle = await Promise.all(range(1, 4).map(() => connect()));
  const atHead = await Promise.all(range(1, 4).map(() => connect()));
  const acks = await Promise.all([
    ...fromZero.map((s) => s.call('subscribe', { room, lastSeq: 0 })),
    ...fromMiddle.map((s) => s.call('subscribe', { room, lastSeq: 5 })),
    ...atHead.map((s) => s.call('subscribe', { room })),
  ]);
  expect(acks.every((a) => a.ok)).toBe(true);
  const headAcks = acks.slice(-atHead.length);
  // A live socket asking for a replay of what it already had: the replay, then on without gap.
  await waitFor(N / 2);
  const again = early[0];
  const before = seqs(again).length;
  expect((await again.call('subscribe', { room, lastSeq: 20 })).ok).toBe(true);
  // One leaves: the others go on.
  const leaver = early[1];
  expect(await leaver.call('unsubscribe', { room })).toEqual({ ok: true });
  const leftAt = seqs(leaver).length;
  leave();
  await writer;

  const all = [...early, ...fromZero, ...fromMiddle, ...atHead];
  for (const s of all.filter((x) => x !== leaver)) await s.until(() => seqs(s).includes(N), `seq ${N}`);
  // A round trip after the last one: anything still pending for this socket (a broadcast or chunk) goes out before the answer (one queue, in order).
  for (const s of all) await s.call('unsubscribe', { room: 'noop' });
  expect(seqs(early[2])).toEqual(range(1, N));
  for (const s of fromZero) expect(seqs(s)).toEqual(range(1, N));
  for (const s of fromMiddle) expect(seqs(s)).toEqual(range(6, N));
  atHead.forEach((s, i) => expect(seqs(s)).toEqual(range(headAcks[i].seq + 1, N)));
  const replayed = seqs(again);
  expect(replayed.slice(0, before)).toEqual(range(1, before));
  const restart = replayed.indexOf(21, before);
  expect(replayed.slice(before, restart).every((seq, i) => seq === before + 1 + i)).toBe(true);
  expect(replayed.slice(restart)).toEqual(range(21, N));
  const left = seqs(leaver);
  expect(left).toEqual(range(1, left.length));
  expect(left.length).toBeLessThan(N);
  expect(left.length).toBeGreaterThanOrEqual(leftAt);
}
