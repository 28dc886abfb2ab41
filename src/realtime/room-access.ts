import { Injectable, Logger } from '@nestjs/common';
import { Viewer } from '../access/viewer';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { isUuid } from '../platform/validation/uuid';

export type RoomKind = 'thread' | 'session' | 'user';

/** A room name of the protocol, taken apart: `thread:<uuid>` → { kind: 'thread', id }. */
export interface ParsedRoom {
  kind: RoomKind;
  /** Lower-cased UUID. */
  id: string;
  /** `<kind>:<id>`, the socket.io room. */
  name: string;
}

const KINDS: readonly string[] = ['thread', 'session', 'user'];

/**
 * Who may follow which room, decided here for every kind, by asking the feature that owns
 * what the room shows:
 * - `user:<id>`: that user only;
 * - `thread:<id>`: whoever may see the thread (the forum's `ThreadAccess`, the rule behind `thread(id)`);
 * - `session:<id>`: whoever may see the live session (`LiveSessionAccess`, the rule behind `liveSession(id)`).
 * Malformed names and unknown kinds are refused; a failing check refuses (fails closed).
 */
@Injectable()
export class RoomAccess {
  private readonly logger = new Logger('RoomAccess');

  constructor(
    private readonly threads: ThreadAccess,
    private readonly sessions: LiveSessionAccess,
  ) {}

  /** `thread:<uuid>` → its parts; null for anything else. */
  parse(room: unknown): ParsedRoom | null {
    if (typeof room !== 'string' || room.length > 100) return null;
    const colon = room.indexOf(':');
    if (colon < 0) return null;
    const kind = room.slice(0, colon);
    const id = room.slice(colon + 1);
    if (!KINDS.includes(kind) || !isUuid(id)) return null;
    const lower = id.toLowerCase();
    return { kind: kind as RoomKind, id: lower, name: `${kind}:${lower}` };
  }

  /** Whether `viewer` (null: anonymous) may follow `room`. Never throws: errors count as "no". */
  async canAccess(viewer: Viewer | null, room: string | ParsedRoom): Promise<boolean> {
    return (await this.canAccessMany([viewer], room))[0];
  }

  /**
   * Whether each of `viewers` may follow `room`, in order (socket re-checks: one check per room
   * for every viewer following it). Never throws: errors count as "no" for everyone.
   */
  async canAccessMany(viewers: readonly (Viewer | null)[], room: string | ParsedRoom): Promise<boolean[]> {
    if (!viewers.length) return [];
    const parsed = typeof room === 'string' ? this.parse(room) : room;
    const no = () => viewers.map(() => false);
    if (!parsed) return no();
    try {
      const answers = await this.decide(viewers, parsed);
      return viewers.map((_, i) => answers[i] === true);
    } catch (err) {
      this.logger.warn({ err, room: parsed.name }, 'room access check failed; refusing');
      return no();
    }
  }

  private async decide(viewers: readonly (Viewer | null)[], room: ParsedRoom): Promise<readonly boolean[]> {
    switch (room.kind) {
      case 'user':
        return viewers.map((viewer) => viewer?.id === room.id);
      case 'thread':
        return this.threads.canViewMany(viewers, room.id);
      case 'session':
        return this.sessions.canViewMany(viewers, room.id);
    }
  }
}
