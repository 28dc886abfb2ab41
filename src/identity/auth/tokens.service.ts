import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { UnauthenticatedError } from '../../platform/errors/domain-errors';
import { ACCESS_TOKEN_OPTIONS, AccessClaims, accessClaims, accessPayload, AccessTokenOptions, INVALID_ACCESS_TOKEN } from './access-token';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Access tokens (JWT, HS256 pinned, iss/aud/exp checked) and rotating refresh tokens. */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ACCESS_TOKEN_OPTIONS) private readonly access: AccessTokenOptions,
    private readonly events: DomainEventBus,
  ) {}

  /** The secret KeyObject: jsonwebtoken takes one (its `Secret` type), @nestjs/jwt's option type only names string | Buffer. */
  private get secret(): string {
    return this.access.secret as unknown as string;
  }

  /** Verifies as the JwtStrategy does (same options, same claim checks); the socket handshake uses it. */
  async verifyAccessToken(token: string): Promise<AccessClaims> {
    let payload: unknown;
    try {
      payload = await this.jwt.verifyAsync(token, { secret: this.secret, ...this.access.verify });
    } catch {
      throw new UnauthenticatedError(INVALID_ACCESS_TOKEN);
    }
    return accessClaims(payload);
  }

  /** Starts a new session family for a user (login, register). */
  async issue(userId: string, manager: EntityManager = this.dataSource.manager): Promise<TokenPair> {
    return this.issueInFamily(userId, randomUUID(), manager);
  }

  /**
   * Rotates a refresh token: single use. A token already used (or revoked) revokes its
   * whole family, so a stolen token dies with the session it was stolen from.
   */
  async rotate(refreshToken: string): Promise<{ userId: string; pair: TokenPair }> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(RefreshTokenEntity);
      const row = await repo
        .createQueryBuilder('t')
        .setLock('pessimistic_write')
        .where('t.token_hash = :hash', { hash: sha256(refreshToken) })
        .getOne();
      if (!row) return { error: 'unknown' as const };
      if (row.usedAt || row.revokedAt) {
        await this.revokeFamily(row.familyId, manager);
        return { error: 'reused' as const };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'expired' as const };
      await repo.update({ id: row.id }, { usedAt: new Date() });
      return { userId: row.userId, pair: await this.issueInFamily(row.userId, row.familyId, manager) };
    });
    if ('error' in outcome) throw new UnauthenticatedError('The refresh token is invalid, expired or already used.');
    return outcome;
  }

  /** Revokes the family of the given refresh token; false when it is unknown. */
  async revoke(refreshToken: string): Promise<boolean> {
    const row = await this.dataSource.getRepository(RefreshTokenEntity).findOne({ where: { tokenHash: sha256(refreshToken) } });
    if (!row) return false;
    await this.revokeFamily(row.familyId);
    return true;
  }

  /** Ends a login session (a refresh-token family): its tokens stop working; after commit its sockets end too. */
  async revokeFamily(familyId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    await this.events.emit(manager, 'login-session.ended', { loginSessionId: familyId });
  }

  /** Of the given login sessions (refresh-token families), those still alive (sockets re-check theirs with it). */
  async activeLoginSessions(familyIds: readonly string[]): Promise<Set<string>> {
    if (!familyIds.length) return new Set();
    const rows: { family_id: string }[] = await this.dataSource.query(
      'SELECT DISTINCT family_id FROM refresh_tokens WHERE family_id = ANY($1::uuid[]) AND revoked_at IS NULL',
      [[...new Set(familyIds)]],
    );
    return new Set(rows.map((r) => r.family_id));
  }

  private async issueInFamily(userId: string, familyId: string, manager: EntityManager): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.getRepository(RefreshTokenEntity).insert({
      tokenHash: sha256(refreshToken),
      familyId,
      userId,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
    });
    const accessToken = await this.jwt.signAsync(accessPayload(userId, familyId), { secret: this.secret, ...this.access.sign });
    return { accessToken, refreshToken };
  }
}
