import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SqlPredicate } from '../access/access-policy';
import { Connection, ConnectionArgs } from '../platform/graphql/pagination/connection.types';
import { KeysetKey, paginate } from '../platform/graphql/pagination/keyset';
import { isUuid } from '../platform/validation/uuid';
import { ModerationActionEntity } from './moderation-action.entity';
import { FlagTarget, ModerationActionKind } from './moderation.enums';

/** One entry of the moderation log to append. */
export interface NewModerationAction {
  /** Null for the system (auto-hide by flags). */
  actorId: string | null;
  action: ModerationActionKind;
  targetType: FlagTarget;
  targetId: string;
  reason: string | null;
  details?: Record<string, unknown>;
}

/** Every action that hides or shows content (for `lastHideWasAuto`). */
const HIDE_OR_SHOW: ModerationActionKind[] = [
  ModerationActionKind.AUTO_HIDE,
  ModerationActionKind.UPHOLD_FLAGS,
  ModerationActionKind.HIDE_POST,
  ModerationActionKind.UNHIDE_POST,
  ModerationActionKind.HIDE_THREAD,
  ModerationActionKind.UNHIDE_THREAD,
  ModerationActionKind.HIDE_LIVE_MESSAGE,
  ModerationActionKind.UNHIDE_LIVE_MESSAGE,
];

/** Newest first; id breaks ties. */
const ORDER: KeysetKey<ModerationActionEntity>[] = [
  { expression: 'a.created_at', direction: 'DESC', value: (r) => r.createdAt, cast: 'timestamptz' },
  { expression: 'a.id', direction: 'DESC', value: (r) => r.id, cast: 'uuid' },
];

/**
 * The `moderation_actions` table (the moderation log). Append-only: it has `append` and reads,
 * and the database refuses UPDATE, DELETE and TRUNCATE whoever asks.
 */
@Injectable()
export class ModerationLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends an entry in the caller's transaction (the transaction of the action). */
  async append(manager: EntityManager, entry: NewModerationAction): Promise<void> {
    await manager.query(
      `INSERT INTO moderation_actions (actor_id, action, target_type, target_id, reason, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
      [entry.actorId, entry.action, entry.targetType, entry.targetId, entry.reason, JSON.stringify(entry.details ?? {})],
    );
  }

  /** Whether the target's latest hide or unhide was AUTO_HIDE (only flags hid it). */
  async lastHideWasAuto(manager: EntityManager, targetId: string): Promise<boolean> {
    const rows: { action: string }[] = await manager.query(
      `SELECT action FROM moderation_actions WHERE target_id = $1 AND action = ANY($2::moderation_action_kind[])
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [targetId, HIDE_OR_SHOW],
    );
    return rows[0]?.action === 'AUTO_HIDE';
  }

  /**
   * A keyset page of the log, newest first, optionally of one target, of the entries `scope`
   * admits (SQL on the row `a`: a topic-limited moderator's topics; TRUE for everyone else).
   */
  list<N>(
    targetId: string | null | undefined,
    args: ConnectionArgs,
    map: (row: ModerationActionEntity) => N,
    scope: SqlPredicate = { sql: 'TRUE', params: {} },
  ): Promise<Connection<N>> {
    const qb = this.dataSource.getRepository(ModerationActionEntity).createQueryBuilder('a');
    qb.where(scope.sql, scope.params);
    if (targetId !== undefined && targetId !== null) {
      if (isUuid(targetId)) qb.andWhere('a.target_id = :targetId', { targetId });
      else qb.andWhere('FALSE');
    }
    return paginate(qb, ORDER, args, map);
  }
}
