import type { StoredRoomEvent } from '../outbox/room-events';

/**
 * Committed events in seq order within each room. Statements that committed one after the other
 * can have their answers taken in either order (two pool connections readable at once), and an
 * event ahead of its predecessor would make every instance read the gap from storage.
 */
export function inSeqOrder(events: StoredRoomEvent[]): StoredRoomEvent[] {
  if (events.length < 2) return events;
  const byRoom = new Map<string, StoredRoomEvent[]>();
  for (const event of events) {
    const list = byRoom.get(event.room);
    if (list) list.push(event);
    else byRoom.set(event.room, [event]);
  }
  if (byRoom.size === events.length) return events;
  return [...byRoom.values()].flatMap((list) => list.sort((a, b) => a.seq - b.seq));
}
