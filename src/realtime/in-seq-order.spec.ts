import type { StoredRoomEvent } from '../outbox/room-events';
import { inSeqOrder } from './in-seq-order';

const e = (room: string, seq: number) => ({ room, seq, type: 'test', data: {}, at: '' }) as unknown as StoredRoomEvent;
const keys = (events: StoredRoomEvent[]) => events.map((x) => `${x.room}#${x.seq}`);

describe('inSeqOrder', () => {
  it('puts each room in seq order, rooms in the order they first appear', () => {
    expect(keys(inSeqOrder([e('a', 3), e('b', 7), e('a', 2), e('b', 6), e('c', 1), e('a', 4)]))).toEqual(['a#2', 'a#3', 'a#4', 'b#6', 'b#7', 'c#1']);
  });

  it('returns the batch as it is when no room has two events', () => {
    const batch = [e('a', 2), e('b', 1)];
    expect(inSeqOrder(batch)).toBe(batch);
    expect(inSeqOrder([])).toEqual([]);
  });
});
