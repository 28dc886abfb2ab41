import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { Sector } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { AuditService } from '../../platform/audit/audit.service';
import { ConflictError, ForbiddenError, NotFoundError, EmailNotVerifiedError } from '../../platform/errors/domain-errors';
import { uniqueViolation } from '../../platform/errors/pg-errors';
import { isUuid } from '../../platform/validation/uuid';
import { byKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection, ConnectionArgs } from '../../platform/graphql/pagination/connection.types';
import { KeysetKey, paginate } from '../../platform/graphql/pagination/keyset';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { MembershipEntity, MembershipStatus, OrgRole } from './membership.entity';
import { Membership } from './membership.type';
import { OrganizationEntity } from './organization.entity';
import { Organization } from './organization.type';
import { User } from '../users/user.type';
import { setReadAhead } from '../../platform/graphql/read-ahead';
import { NodeLoader } from '../../platform/graphql/node-loaders';

const ORDER: KeysetKey<MembershipEntity>[] = [
  { expression: 'm.created_at', direction: 'DESC', value: (m) => m.createdAt, cast: 'timestamptz' },
  { expression: 'm.id', direction: 'DESC', value: (m) => m.id, cast: 'uuid' },
];

const ALREADY_APPROVED = 'This user already holds an approved membership of an organization; it must end before another is approved.';

/** A user's approved membership with its organization's sector (User.organization / User.sector). */
export interface ApprovedMembership {
  userId: string;
  organizationId: string;
  sector: Sector;
  orgRole: OrgRole;
  /** The organization, read in the same statement. */
  organization: Organization;
}

/**
 * SQL of a user's APPROVED membership and its organization, for this file's lookup and for other
 * features' queries that read users `userAlias` (a list's authors): LEFT JOINs (at most one
 * approved membership per user, by a unique index, so rows do not multiply) and the columns
 * `approvedMembershipFromRow(row, userId, prefix)` reads.
 */
export function approvedMembershipSql(userAlias: string, prefix: string): { joins: string; columns: string } {
  const m = `${prefix}am`;
  const o = `${prefix}ao`;
  return {
    joins: `LEFT JOIN memberships ${m} ON ${m}.user_id = ${userAlias}.id AND ${m}.status = 'APPROVED' LEFT JOIN organizations ${o} ON ${o}.id = ${m}.organization_id`,
    columns: `${m}.org_role AS ${prefix}org_role, ${Organization.columnsSql(o, `${prefix}o_`)}`,
  };
}

/** The approved membership of `userId` from a row read with `approvedMembershipSql(alias, prefix)`; null when there is none. */
export function approvedMembershipFromRow(row: Record<string, unknown>, userId: string, prefix = ''): ApprovedMembership | null {
  if (row[`${prefix}o_id`] === null || row[`${prefix}o_id`] === undefined) return null;
  const organization = Organization.fromRow(row, `${prefix}o_`);
  return { userId, organizationId: organization.id, sector: organization.sector, orgRole: row[`${prefix}org_role`] as OrgRole, organization };
}

/**
 * Membership requests and decisions. Rules:
 * - a user requests membership of an organization (PENDING; asking again while PENDING returns the same request);
 * - an ORG_ADMIN of that organization (APPROVED membership with orgRole ORG_ADMIN) or an ADMIN decides:
 *   PENDING → APPROVED/REJECTED; approve=false on an APPROVED membership ends it (REJECTED);
 * - at most one APPROVED membership per user (checked, and enforced by a partial unique index);
 * - only an ADMIN sets orgRole (on decideMembership or setMembershipRole);
 * - who may decide, list and set roles is decided once, in `RecordRules`;
 * - organizations.member_count and the audit entry are written in the transaction of the
 *   decision, which then emits `membership.requested` / `membership.decided` (notifications
 *   listen, in the same transaction) and `user.access-changed` (sockets are re-checked after commit).
 */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEventBus,
  ) {}

  async request(viewer: Viewer, organizationId: string): Promise<Membership> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    if (!isUuid(organizationId)) throw new NotFoundError('The organization');
    return this.dataSource.transaction(async (manager) => {
      const org = await manager.getRepository(OrganizationEntity).findOne({ where: { id: organizationId } });
      if (!org) throw new NotFoundError('The organization');
      const approved = await manager.getRepository(MembershipEntity).findOne({ where: { userId: viewer.id, status: MembershipStatus.APPROVED } });
      if (approved) {
        throw new ConflictError(
          approved.organizationId === org.id
            ? 'You are already an approved member of this organization.'
            : 'You already hold an approved membership of another organization; it must end before you join another.',
        );
      }
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO memberships (user_id, organization_id) VALUES ($1, $2)
         ON CONFLICT (user_id, organization_id) WHERE status = 'PENDING' DO NOTHING
         RETURNING id`,
        [viewer.id, org.id],
      );
      const membership = await manager.getRepository(MembershipEntity).findOneOrFail({
        where: inserted.length ? { id: inserted[0].id } : { userId: viewer.id, organizationId: org.id, status: MembershipStatus.PENDING },
      });
      if (inserted.length) await this.events.emit(manager, 'membership.requested', { membership, actorId: viewer.id });
      return Membership.fromEntity(membership);
    });
  }

  async decide(viewer: Viewer, membershipId: string, approve: boolean, orgRole?: OrgRole | null): Promise<Membership> {
    if (!isUuid(membershipId)) throw new NotFoundError('The membership');
    if (orgRole && !RecordRules.canSetOrgRole(viewer)) throw new ForbiddenError('Only an ADMIN can set the organization role of a membership.');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const repo = manager.getRepository(MembershipEntity);
        const m = await repo.createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id: membershipId }).getOne();
        if (!m) throw new NotFoundError('The membership');
        if (!RecordRules.canManageMemberships(viewer, m.organizationId)) {
          throw new ForbiddenError('Only an ORG_ADMIN of this organization or an ADMIN can decide its membership requests.');
        }
        const before = { status: m.status, orgRole: m.orgRole };
        let action: string;
        if (approve) {
          if (m.status === MembershipStatus.REJECTED) {
            throw new ConflictError('This request was rejected or the membership has ended; the user can request membership again.');
          }
          if (m.status === MembershipStatus.PENDING) {
            const other = await repo.findOne({ where: { userId: m.userId, status: MembershipStatus.APPROVED } });
            if (other) throw new ConflictError(ALREADY_APPROVED);
            await manager.increment(OrganizationEntity, { id: m.organizationId }, 'memberCount', 1);
          }
          action = 'membership.approve';
          m.status = MembershipStatus.APPROVED;
          if (orgRole) m.orgRole = orgRole;
        } else {
          if (m.status === MembershipStatus.REJECTED) {
            throw new ConflictError('This request was already rejected or the membership has already ended.');
          }
          if (m.status === MembershipStatus.APPROVED) {
            await manager.decrement(OrganizationEntity, { id: m.organizationId }, 'memberCount', 1);
            action = 'membership.end';
          } else {
            action = 'membership.reject';
          }
          m.status = MembershipStatus.REJECTED;
          m.orgRole = OrgRole.MEMBER;
        }
        m.decidedById = viewer.id;
        m.decidedAt = new Date();
        const saved = await repo.save(m);
        await this.audit.record(manager, {
          actorId: viewer.id,
          action,
          targetType: 'MEMBERSHIP',
          targetId: m.id,
          details: { userId: m.userId, organizationId: m.organizationId, before, after: { status: saved.status, orgRole: saved.orgRole } },
        });
        await this.events.emit(manager, 'membership.decided', { membership: saved, action, actorId: viewer.id });
        await this.events.emit(manager, 'user.access-changed', { userId: m.userId });
        return Membership.fromEntity(saved);
      });
    } catch (err) {
      if (uniqueViolation(err) === 'memberships_one_approved_per_user') throw new ConflictError(ALREADY_APPROVED);
      throw err;
    }
  }

  /** ADMIN: makes an APPROVED member ORG_ADMIN of their organization, or back MEMBER. */
  async setRole(viewer: Viewer, membershipId: string, orgRole: OrgRole): Promise<Membership> {
    if (!isUuid(membershipId)) throw new NotFoundError('The membership');
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(MembershipEntity);
      const m = await repo.createQueryBuilder('m').setLock('pessimistic_write').where('m.id = :id', { id: membershipId }).getOne();
      if (!m) throw new NotFoundError('The membership');
      if (m.status !== MembershipStatus.APPROVED) throw new ConflictError('Only an approved membership can have an organization role.');
      if (m.orgRole === orgRole) return Membership.fromEntity(m);
      const before = m.orgRole;
      m.orgRole = orgRole;
      const saved = await repo.save(m);
      await this.audit.record(manager, {
        actorId: viewer.id,
        action: 'membership.role',
        targetType: 'MEMBERSHIP',
        targetId: m.id,
        details: { userId: m.userId, organizationId: m.organizationId, before: { orgRole: before }, after: { orgRole } },
      });
      await this.events.emit(manager, 'membership.decided', { membership: saved, action: 'membership.role', actorId: viewer.id });
      await this.events.emit(manager, 'user.access-changed', { userId: m.userId });
      return Membership.fromEntity(saved);
    });
  }

  /** The memberships of an organization (requests included), for its ORG_ADMINs and ADMINs. */
  async listForOrganization(viewer: Viewer, organizationId: string, status: MembershipStatus | null | undefined, args: ConnectionArgs): Promise<Connection<Membership>> {
    if (!isUuid(organizationId)) throw new NotFoundError('The organization');
    const exists = await this.dataSource.getRepository(OrganizationEntity).exists({ where: { id: organizationId } });
    if (!exists) throw new NotFoundError('The organization');
    if (!RecordRules.canManageMemberships(viewer, organizationId)) {
      throw new ForbiddenError('Only an ORG_ADMIN of this organization or an ADMIN can list its memberships.');
    }
    const qb = this.dataSource.getRepository(MembershipEntity).createQueryBuilder('m').where('m.organization_id = :organizationId', { organizationId });
    if (status) qb.andWhere('m.status = :status', { status });
    return paginate(qb, ORDER, args, Membership.fromEntity);
  }

  /** The viewer's own memberships and requests, newest first. */
  async mine(viewer: Viewer): Promise<Membership[]> {
    const rows = await this.dataSource.getRepository(MembershipEntity).find({ where: { userId: viewer.id }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
    return rows.map(Membership.fromEntity);
  }

  /** Batched: the approved membership (with sector) of each user, or null. */
  loadApproved(loaders: LoaderRegistry, userId: string): Promise<ApprovedMembership | null> {
    return this.approvedLoader(loaders).load(userId);
  }

  /**
   * A user's approved membership (or null: none) that another query read with
   * `approvedMembershipSql` (a list's authors): handed to the request's loader, and to the user
   * object as the values of `User.organization` and `User.sector`, which then cost nothing.
   */
  primeApproved(loaders: LoaderRegistry, user: User, membership: ApprovedMembership | null): void {
    this.approvedLoader(loaders).prime(user.id, membership);
    setReadAhead(user, { organization: membership?.organization ?? null, sector: membership?.sector ?? null });
  }

  private approvedLoader(loaders: LoaderRegistry) {
    return loaders.get<string, ApprovedMembership | null>('membership.approvedByUser', async (userIds) => {
      const approved = approvedMembershipSql('u', '');
      const rows: Record<string, unknown>[] = await this.dataSource.query(
        `SELECT u.id AS user_id, ${approved.columns} FROM unnest($1::uuid[]) AS u(id) ${approved.joins}`,
        [userIds],
      );
      return byKey(userIds, rows, (r) => r.user_id as string).map((r) => r && approvedMembershipFromRow(r, r.user_id as string));
    });
  }

  /** Batched membership lookup (for other features' field resolvers, e.g. notifications). */
  load(loaders: LoaderRegistry, id: string): Promise<Membership | null> {
    return loaders
      .get<string, Membership | null>('membership.byId', async (ids) => {
        const rows = await this.dataSource.getRepository(MembershipEntity).find({ where: { id: In([...ids]) } });
        return byKey(ids, rows.map(Membership.fromEntity), (m) => m.id);
      })
      .load(id);
  }

  /** Batched, checked: the membership when the viewer may see it (`RecordRules.canSeeMembership`), else null. */
  @NodeLoader('Membership')
  async loadVisible(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<Membership | null> {
    const m = await this.load(loaders, id);
    return m && RecordRules.canSeeMembership(viewer, m) ? m : null;
  }

  /** The ORG_ADMINs of an organization (who hear of its membership requests). */
  async orgAdminIds(manager: EntityManager, organizationId: string): Promise<string[]> {
    const rows = await manager.getRepository(MembershipEntity).find({
      select: { userId: true },
      where: { organizationId, status: MembershipStatus.APPROVED, orgRole: OrgRole.ORG_ADMIN },
    });
    return rows.map((r) => r.userId);
  }
}
