import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { UsersService } from '../identity/users/users.service';
import { RoomEventEnvelope } from '../outbox/room-events';
import { RoomAccess } from './room-access';
import { Ack, NOT_FOUND } from './socket-protocol';
import { SocketRegistry } from './socket-registry';

const TYPING_MIN_INTERVAL_MS = 1000;

/**
 * `typing { room }`: an ephemeral event (seq null, never stored) to everyone else in a room the
 * socket follows, on every instance (through the socket.io adapter); at most one a second.
 */
@Injectable()
export class Typing {
  constructor(
    private readonly sockets: SocketRegistry,
    private readonly access: RoomAccess,
    private readonly users: UsersService,
  ) {}

  async typing(socket: Socket, payload: unknown): Promise<Ack> {
    const state = this.sockets.get(socket);
    const parsed = this.access.parse((payload as { room?: unknown } | null)?.room);
    if (!state?.viewer) return { ok: false, error: 'UNAUTHENTICATED' };
    if (!parsed || parsed.kind === 'user' || !state.subs.get(parsed.name)?.active) return NOT_FOUND;
    const room = parsed.name;
    const now = Date.now();
    const lastTypingAt = (state.lastTypingAt ??= new Map());
    if (now - (lastTypingAt.get(room) ?? 0) < TYPING_MIN_INTERVAL_MS) return { ok: true };
    lastTypingAt.set(room, now);
    if (!state.profile) {
      const user = await this.users.findById(state.viewer.id);
      if (!user) return NOT_FOUND;
      state.profile = { id: user.id, handle: user.handle, displayName: user.displayName };
    }
    const envelope: RoomEventEnvelope = { room, seq: null, type: 'typing', data: { room, user: state.profile }, at: new Date().toISOString() };
    socket.to(room).emit('event', envelope);
    return { ok: true };
  }
}
