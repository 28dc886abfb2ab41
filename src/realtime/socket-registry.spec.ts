import type { Server, Socket } from 'socket.io';
import { AppConfig } from '../platform/config/app-config';
import { LivePresence } from '../live-sessions/live-presence.service';
import { StoredRoomEvent } from '../outbox/room-events';
import { SocketRegistry } from './socket-registry';

/**
 * A socket.io server as the registry uses it: rooms of socket ids, broadcasts recorded per
 * socket. Broadcasts go out in chunks of one socket, so that the second socket of a room is still
 * owed an event after `broadcastLive` returns.
 */
function setup() {
  const rooms = new Map<string, Set<string>>();
  const received = new Map<string, number[]>();
  const server = {
    sockets: { adapter: { rooms, on: () => undefined }, sockets: new Map() },
    local: {
      to: (to: string | string[]) => ({
        emit: (_name: string, event: StoredRoomEvent) => {
          const ids = typeof to === 'string' ? [...(rooms.get(to) ?? [])] : to;
          for (const id of ids) received.set(id, [...(received.get(id) ?? []), event.seq]);
        },
      }),
    },
  };
  const socket = (id: string) =>
    ({
      id,
      data: { viewer: { id: 'u1' } },
      join: (room: string) => void (rooms.get(room) ?? rooms.set(room, new Set()).get(room)!).add(id),
      leave: (room: string) => void rooms.get(room)?.delete(id),
      emit: () => true,
    }) as unknown as Socket;
  const presence = { join: async () => undefined, leave: async () => undefined } as unknown as LivePresence;
  const registry = new SocketRegistry({ realtimeBroadcastChunk: 1, realtimeBroadcastTurnMs: 0 } as AppConfig, presence);
  registry.useServer(server as unknown as Server);
  const event = (room: string, seq: number): StoredRoomEvent => ({ room, seq, type: 'notification.created', data: {}, at: new Date(0).toISOString() }) as StoredRoomEvent;
  return { rooms, received, registry, socket, event };
}

describe('SocketRegistry', () => {
  for (const room of ['user:u1', 'thread:5b0c2a7e-3f1d-4c55-9e8b-2f6a1d9c0b11']) {
    it(`a socket leaving ${room} with a broadcast still owed to it gets that broadcast first, then is out of every room of it`, () => {
      const { rooms, received, registry, socket, event } = setup();
      const states = [socket('a'), socket('b')].map((s) => registry.add(s));
      for (const state of states) registry.joinLive(state, registry.join(state, room));
      const channel = registry.channel(room)!;

      registry.broadcastLive(channel, event(room, 1));
      // chunks of one: the first socket has it, the second is still owed it
      expect(received.get('a')).toEqual([1]);
      expect(received.get('b')).toBeUndefined();

      registry.leave(states[1], room, false);
      expect(received.get('b')).toEqual([1]);
      for (const members of rooms.values()) expect(members.has('b')).toBe(false);

      registry.broadcastLive(channel, event(room, 2));
      expect(received.get('a')).toEqual([1, 2]);
      expect(received.get('b')).toEqual([1]);
    });
  }
});
