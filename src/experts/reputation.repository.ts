import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { prepared } from '../platform/database/prepared';

/** A change of one user's counters (deltas; `answeredAt`: an answer was written then). */
export interface ReputationChange {
  userId: string;
  reputation?: number;
  answers?: number;
  accepted?: number;
  answeredAt?: Date | null;
}

/**
 * The `user_reputation` table: the only writer of reputation, answerCount, acceptedAnswerCount
 * and the latest answer time. Changes are atomic increments (`SET x = x + delta`, upserting the
 * row on a user's first answer), in the caller's transaction, so concurrent votes and
 * acceptances add up exactly; rows are updated in user-id order, one statement per change, so
 * two transactions touching the same users cannot deadlock on them.
 */
@Injectable()
export class ReputationRepository {
  async apply(manager: EntityManager, changes: readonly ReputationChange[]): Promise<void> {
    const merged = new Map<string, Required<ReputationChange>>();
    for (const c of changes) {
      const m = merged.get(c.userId) ?? { userId: c.userId, reputation: 0, answers: 0, accepted: 0, answeredAt: null };
      m.reputation += c.reputation ?? 0;
      m.answers += c.answers ?? 0;
      m.accepted += c.accepted ?? 0;
      if (c.answeredAt && (!m.answeredAt || c.answeredAt > m.answeredAt)) m.answeredAt = c.answeredAt;
      merged.set(c.userId, m);
    }
    const rows = [...merged.values()]
      .filter((m) => m.reputation !== 0 || m.answers !== 0 || m.accepted !== 0 || m.answeredAt !== null)
      .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    if (!rows.length) return;
    await manager.query(
      prepared(`INSERT INTO user_reputation AS r (user_id, reputation, answer_count, accepted_answer_count, last_answered_at)
       SELECT c.user_id, c.reputation, c.answers, c.accepted, c.answered_at
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::timestamptz[]) AS c(user_id, reputation, answers, accepted, answered_at)
        ORDER BY c.user_id
       ON CONFLICT (user_id) DO UPDATE SET
         reputation = r.reputation + EXCLUDED.reputation,
         answer_count = r.answer_count + EXCLUDED.answer_count,
         accepted_answer_count = r.accepted_answer_count + EXCLUDED.accepted_answer_count,
         last_answered_at = greatest(r.last_answered_at, EXCLUDED.last_answered_at),
         updated_at = now()`),
      [rows.map((r) => r.userId), rows.map((r) => r.reputation), rows.map((r) => r.answers), rows.map((r) => r.accepted), rows.map((r) => r.answeredAt)],
    );
  }
}
