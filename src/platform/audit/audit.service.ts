import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type AuditTargetType = 'MEMBERSHIP' | 'USER' | 'ORGANIZATION' | 'EXPERT_PROFILE';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  details?: Record<string, unknown>;
}

/** Writes audit entries. Always pass the EntityManager of the transaction that makes the change. */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(`INSERT INTO audit_log (actor_id, action, target_type, target_id, details) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
      entry.actorId,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.details ?? {}),
    ]);
  }
}
