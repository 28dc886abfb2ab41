import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
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

/** The refresh token that rotating `refreshToken` issues: unguessable without the secret, and the same every time. */
const successorOf = (access: AccessTokenOptions, refreshToken: string): string =>
  createHmac('sha256', access.secret).update(`refresh-successor\n${refreshToken}`).digest('base64url');

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
   * whole family, so a stolen token dies with the session it was stolen from (RFC 9700, 4.14.2)
   * — except within REFRESH_REUSE_GRACE_SECONDS of its use, when the family is alive: then it
   * gets the very pair its first use got (two tabs refreshing at once both stay signed in).
   * That pair can be given again without storing it: the successor of a refresh token is an
   * HMAC of it under the server's secret, and the access token is signed with the time of the
   * first use as `iat`, so both are the same bytes.
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
      if (row.usedAt && !row.revokedAt && Date.now() - row.usedAt.getTime() <= this.config.refreshReuseGraceSeconds * 1000) {
        return { userId: row.userId, pair: await this.pairOf(row.userId, row.familyId, successorOf(this.access, refreshToken), row.usedAt) };
      }
      if (row.usedAt || row.revokedAt) {
        await this.revokeFamily(row.familyId, manager);
        return { error: 'reused' as const };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'expired' as const };
      const usedAt = new Date();
      await repo.update({ id: row.id }, { usedAt });
      const successor = successorOf(this.access, refreshToken);
      await this.store(row.userId, row.familyId, successor, manager);
      return { userId: row.userId, pair: await this.pairOf(row.userId, row.familyId, successor, usedAt) };
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

  /**
   * Ends every login session of a user (password reset or change), but `except` (the session
   * that changed the password, kept signed in), in the caller's transaction.
   */
  async revokeAllOf(userId: string, manager: EntityManager, except: string | null = null): Promise<void> {
    const rows: { family_id: string }[] = await manager.query(
      `SELECT DISTINCT family_id FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2`,
      [userId, except],
    );
    for (const { family_id } of rows) await this.revokeFamily(family_id, manager);
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
    await this.store(userId, familyId, refreshToken, manager);
    return this.pairOf(userId, familyId, refreshToken, new Date());
  }

  private async store(userId: string, familyId: string, refreshToken: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(RefreshTokenEntity).insert({
      tokenHash: sha256(refreshToken),
      familyId,
      userId,
      expiresAt: new Date(Date.now() + this.config.refreshTokenTtlDays * 86_400_000),
    });
  }

  /** The pair of a refresh token, its access token issued at `issuedAt` (whole seconds: the same bytes when signed again). */
  private async pairOf(userId: string, familyId: string, refreshToken: string, issuedAt: Date): Promise<TokenPair> {
    const payload = { ...accessPayload(userId, familyId), iat: Math.floor(issuedAt.getTime() / 1000) };
    const accessToken = await this.jwt.signAsync(payload, { secret: this.secret, ...this.access.sign });
    return { accessToken, refreshToken };
  }
}
