import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrgRole, Role, Sector } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { UnauthenticatedError } from '../../platform/errors/domain-errors';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { moderatorTopicScopeSql } from '../users/moderator-topics.repository';
import { AccessClaims } from './access-token';

interface ViewerRow {
  id: string;
  role: Role;
  /** A Date from a row; an ISO string from `viewersJsonSql`. */
  suspended_until: Date | string | null;
  organization_id: string | null;
  org_role: OrgRole | null;
  sector: Sector | null;
  /** A topic-limited MODERATOR's topics, subtrees expanded; null otherwise. */
  topic_scope: string[] | null;
  email_verified: boolean;
}

/**
 * The one place a user's sector is derived: the organization of their APPROVED membership; and a
 * MODERATOR's topic scope (evaluated for MODERATORs only, in the same statement).
 * Followed by a WHERE condition on `u`.
 */
const VIEWER_SELECT = `SELECT u.id, u.role, u.suspended_until, m.organization_id, m.org_role, o.sector, u.email_verified_at IS NOT NULL AS email_verified,
              ${moderatorTopicScopeSql('u')} AS topic_scope
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id AND m.status = 'APPROVED'
         LEFT JOIN organizations o ON o.id = m.organization_id
        WHERE`;

/**
 * For a statement that reads Viewers together with other rows (the watchers of a thread a reply
 * is posted to, in the statement storing it): a scalar subquery of the Viewers of the users that
 * `idsSql` (a subquery of user ids) selects, as a JSON array; `ViewerService.fromJson` reads it.
 */
export const viewersJsonSql = (idsSql: string): string => `(SELECT coalesce(json_agg(v), '[]'::json) FROM (${VIEWER_SELECT} u.id IN (${idsSql})) v)`;

/** A Viewer from its row; `verificationRequired`: REQUIRE_EMAIL_VERIFICATION (off: every account counts as verified). */
function toViewer(row: ViewerRow, verificationRequired: boolean, loginSessionId: string | null = null): Viewer {
  return {
    id: row.id,
    role: row.role,
    sector: row.sector,
    organizationId: row.organization_id,
    orgRole: row.org_role,
    suspendedUntil: row.suspended_until ? new Date(row.suspended_until) : null,
    topicScope: row.role === Role.MODERATOR && row.topic_scope ? new Set(row.topic_scope) : null,
    emailVerified: row.email_verified || !verificationRequired,
    loginSessionId,
  };
}

/**
 * Loads Viewers (role, sector, suspension, a moderator's topics, whether the email counts as
 * verified) fresh from the database, on every request.
 */
@Injectable()
export class ViewerService {
  private readonly verificationRequired: boolean;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.verificationRequired = config.requireEmailVerification;
  }

  /** The Viewers of a `viewersJsonSql` value (its rows as pg parses JSON: timestamps as strings). */
  fromJson(json: unknown): Viewer[] {
    return ((json as ViewerRow[] | null) ?? []).map((row) => toViewer(row, this.verificationRequired));
  }

  /**
   * The Viewer behind verified access-token claims (JwtStrategy on HTTP; the socket handshake
   * after TokensService.verifyAccessToken); UNAUTHENTICATED once the session has ended.
   */
  async fromClaims(claims: AccessClaims): Promise<Viewer> {
    const rows: ViewerRow[] = await this.dataSource.query(
      `${VIEWER_SELECT} u.id = $1
          AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NULL)`,
      [claims.sub, claims.sid],
    );
    if (!rows.length) throw new UnauthenticatedError('The session has ended; sign in again.');
    return toViewer(rows[0], this.verificationRequired, claims.sid);
  }

  /** Reloads a viewer by id (sockets re-check access with it). Null when the user is gone. */
  async byUserId(userId: string, manager: EntityManager = this.dataSource.manager): Promise<Viewer | null> {
    return (await this.byUserIds([userId], manager)).get(userId) ?? null;
  }

  /** Batched `byUserId`; users that are gone are absent. Pass the transaction's manager inside one. */
  async byUserIds(userIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, Viewer>> {
    if (!userIds.length) return new Map();
    const rows: ViewerRow[] = await manager.query(
      `${VIEWER_SELECT} u.id = ANY($1::uuid[])`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((row) => [row.id, toViewer(row, this.verificationRequired)]));
  }
}
