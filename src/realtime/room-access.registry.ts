import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Viewer } from '../access/viewer';
import { isUuid } from '../platform/errors/pg-errors';

/**
 * Whether a viewer (null: anonymous) may see the resource behind a room. `manager` is given
 * when the check runs inside a transaction (notifications): use it for every query then.
 */
export type RoomAccessCheck = (viewer: Viewer | null, id: string, manager?: EntityManager) => Promise<boolean>;

/**
 * Batched form of RoomAccessCheck: one answer per viewer, in order (e.g. load the thread once
 * and evaluate the access policy in memory for every viewer).
 */
export type RoomAccessManyCheck = (viewers: readonly (Viewer | null)[], id: string, manager?: EntityManager) => Promise<boolean[]>;

export type RoomKind = 'thread' | 'session' | 'user';

export interface ParsedRoom {
  kind: RoomKind;
  id: string;
}

const KINDS: readonly string[] = ['thread', 'session', 'user'];

/**
 * The one place that decides who may join which room. Features register a checker for their
 * kind of room in their module's `onModuleInit` (the forum for `thread`, live sessions for
 * `session`), so that the real-time module imports no feature module. Unknown kinds,
 * malformed ids and kinds nobody registered are refused (fail closed).
 */
@Injectable()
export class RoomAccessRegistry {
  private readonly logger = new Logger('RoomAccess');
  private readonly checks = new Map<string, RoomAccessCheck>();
  private readonly manyChecks = new Map<string, RoomAccessManyCheck>();

  constructor() {
    this.register('user', async (viewer, id) => viewer?.id === id);
  }

  register(kind: RoomKind, check: RoomAccessCheck): void {
    this.checks.set(kind, check);
  }

  /** Optional batched checker for a kind (used by `canAccessMany`); without one, `canAccessMany` loops over the single check. */
  registerMany(kind: RoomKind, check: RoomAccessManyCheck): void {
    this.manyChecks.set(kind, check);
  }

  /** `thread:<uuid>` → {kind, id}; null for anything else. */
  parse(room: unknown): ParsedRoom | null {
    if (typeof room !== 'string' || room.length > 100) return null;
    const colon = room.indexOf(':');
    if (colon < 0) return null;
    const kind = room.slice(0, colon);
    const id = room.slice(colon + 1);
    if (!KINDS.includes(kind) || !isUuid(id)) return null;
    return { kind: kind as RoomKind, id: id.toLowerCase() };
  }

  /** Whether `viewer` may see `room`. Never throws: errors count as "no". */
  async canAccess(viewer: Viewer | null, room: string | ParsedRoom, manager?: EntityManager): Promise<boolean> {
    const parsed = typeof room === 'string' ? this.parse(room) : room;
    if (!parsed) return false;
    const check = this.checks.get(parsed.kind);
    if (!check) return false;
    try {
      return (await check(viewer, parsed.id, manager)) === true;
    } catch (err) {
      this.logger.warn({ err, room: `${parsed.kind}:${parsed.id}` }, 'room access check failed; refusing');
      return false;
    }
  }

  /**
   * Whether each of `viewers` may see `room`, in order (notifications for many recipients,
   * periodic socket re-checks). Never throws: errors count as "no" for everyone.
   */
  async canAccessMany(viewers: readonly (Viewer | null)[], room: string | ParsedRoom, manager?: EntityManager): Promise<boolean[]> {
    if (!viewers.length) return [];
    const parsed = typeof room === 'string' ? this.parse(room) : room;
    const no = () => viewers.map(() => false);
    if (!parsed || !this.checks.has(parsed.kind)) return no();
    const many = this.manyChecks.get(parsed.kind);
    if (!many) {
      const answers: boolean[] = [];
      // One after another: inside a transaction the manager runs one query at a time anyway.
      for (const viewer of viewers) answers.push(await this.canAccess(viewer, parsed, manager));
      return answers;
    }
    try {
      const answers = await many(viewers, parsed.id, manager);
      return viewers.map((_, i) => answers[i] === true);
    } catch (err) {
      this.logger.warn({ err, room: `${parsed.kind}:${parsed.id}` }, 'room access check failed; refusing');
      return no();
    }
  }
}
