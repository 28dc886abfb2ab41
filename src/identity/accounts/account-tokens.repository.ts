import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountTokenEntity, AccountTokenPurpose } from './account-token.entity';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A token found for use: its row, locked for the caller's transaction. */
export type UsableAccountToken = Pick<AccountTokenEntity, 'id' | 'userId' | 'purpose' | 'email' | 'expiresAt'>;

/**
 * The `account_tokens` table: single-use, expiring tokens mailed to users. The raw token is
 * returned once by `issue` (for the mail) and never stored; lookups go by its SHA-256 hash.
 */
@Injectable()
export class AccountTokensRepository {
  /**
   * A new token for `email`, valid `ttlMs`; earlier unused tokens of the same purpose for this
   * user stop working (the newest link is the one that counts). In the caller's transaction.
   */
  async issue(manager: EntityManager, userId: string, purpose: AccountTokenPurpose, email: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    await this.expireUnused(manager, userId, purpose);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + ttlMs);
    await manager.query(
      `INSERT INTO account_tokens (user_id, purpose, token_hash, email, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [userId, purpose, sha256(token), email, expiresAt],
    );
    return { token, expiresAt };
  }

  /**
   * Uses up a token of this purpose: marks it used and returns it, or null when it is unknown,
   * already used or expired (the three are not told apart). Concurrent uses of one token: one wins.
   */
  async consume(manager: EntityManager, purpose: AccountTokenPurpose, token: string): Promise<UsableAccountToken | null> {
    if (typeof token !== 'string' || !token.length || token.length > 200) return null;
    const rows: { id: string; user_id: string; purpose: AccountTokenPurpose; email: string; expires_at: Date }[] = await manager.query(
      `WITH used AS (
         UPDATE account_tokens SET used_at = now()
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
          RETURNING id, user_id, purpose, email, expires_at
       ) SELECT * FROM used`,
      [sha256(token), purpose],
    );
    const r = rows[0];
    return r ? { id: r.id, userId: r.user_id, purpose: r.purpose, email: r.email, expiresAt: r.expires_at } : null;
  }

  /** Every unused token of this purpose for the user stops working (a password reset used, an email changed). */
  async expireUnused(manager: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await manager.query(`UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
  }
}
