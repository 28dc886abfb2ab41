import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { Role } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { AuditService } from '../../platform/audit/audit.service';
import { ForbiddenError, NotFoundError } from '../../platform/errors/domain-errors';
import { isUuid } from '../../platform/validation/uuid';
import { byKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { ModeratorTopicsRepository } from './moderator-topics.repository';
import { UserEntity } from './user.entity';
import { User } from './user.type';
import { userColumnsSql, userFromRow } from './user-row';
import { NodeLoader } from '../../platform/graphql/node-loaders';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEventBus,
    private readonly moderatorTopics: ModeratorTopicsRepository,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  /** Ids of the users with these handles (lower-case, as `extractMentions` gives them); unknown handles are skipped. */
  async idsByHandles(manager: EntityManager, handles: readonly string[]): Promise<string[]> {
    if (!handles.length) return [];
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE handle = ANY($1::text[])`, [[...handles]]);
    return rows.map((r) => r.id);
  }

  /** Batched user lookup for field resolvers (authors, actors, hosts …): one statement per request, public columns only. */
  load(loaders: LoaderRegistry, id: string): Promise<User | null> {
    return this.loader(loaders).load(id);
  }

  /**
   * Hands the request's user loader a user another query already read (a list that joined its
   * authors with `userColumnsSql`), so that resolving it costs no statement.
   */
  prime(loaders: LoaderRegistry, user: User): void {
    this.loader(loaders).prime(user.id, user);
  }

  private loader(loaders: LoaderRegistry) {
    return loaders.get<string, User | null>('user.byId', async (ids) => {
      const rows: Record<string, unknown>[] = await this.dataSource.query(`SELECT ${userColumnsSql('u')} FROM users u WHERE u.id = ANY($1::uuid[])`, [ids]);
      return byKey(ids, rows.map((r) => userFromRow(r) as User), (u) => u.id);
    });
  }

  /** `node(id)`: a user's public profile, as authors show it. */
  @NodeLoader('User')
  loadNode(loaders: LoaderRegistry, _viewer: unknown, id: string): Promise<User | null> {
    return isUuid(id) ? this.load(loaders, id) : Promise.resolve(null);
  }

  /**
   * Inside the caller's transaction: sets the user's role to `to` if it is now one of `from`
   * (row-locked), audited as `user.role` with the reason (e.g. `expert.approve`), and tells
   * realtime that the user's access may have changed. Whether the role changed.
   */
  async changeRoleIf(manager: EntityManager, change: { actorId: string; userId: string; from: Role[]; to: Role; reason: string }): Promise<boolean> {
    const rows: { role: Role }[] = await manager.query(`SELECT role FROM users WHERE id = $1 FOR UPDATE`, [change.userId]);
    const before = rows[0]?.role;
    if (!before || before === change.to || !change.from.includes(before)) return false;
    await manager.query(`UPDATE users SET role = $2, updated_at = now() WHERE id = $1`, [change.userId, change.to]);
    await this.audit.record(manager, {
      actorId: change.actorId,
      action: 'user.role',
      targetType: 'USER',
      targetId: change.userId,
      details: { before: { role: before }, after: { role: change.to }, reason: change.reason },
    });
    await this.events.emit(manager, 'user.access-changed', { userId: change.userId });
    return true;
  }

  /**
   * Inside the caller's transaction: locks the user's row and sets (or, with null, lifts) their
   * suspension; tells realtime their access changed. Returns the row after; null when there is
   * no such user. The caller decides who may do it and records it (the moderation log).
   */
  async setSuspension(manager: EntityManager, userId: string, until: Date | null): Promise<UserEntity | null> {
    const repo = manager.getRepository(UserEntity);
    const user = await repo.createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id: userId }).getOne();
    if (!user) return null;
    await repo.update({ id: user.id }, { suspendedUntil: until });
    await this.events.emit(manager, 'user.access-changed', { userId: user.id });
    return repo.findOneOrFail({ where: { id: user.id } });
  }

  /** Reads and locks a user's row for a decision about them (null when missing). */
  lockUser(manager: EntityManager, userId: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id: userId }).getOne();
  }

  /**
   * ADMIN: sets a user's platform role, audited in the same transaction. Admins cannot change
   * their own role. Leaving MODERATOR drops any topic limit (`setModeratorTopics`).
   */
  async setRole(actor: Viewer, userId: string, role: Role): Promise<User> {
    if (!isUuid(userId)) throw new NotFoundError('The user');
    if (userId === actor.id) throw new ForbiddenError('You cannot change your own role; ask another ADMIN.');
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(UserEntity);
      const user = await repo.createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id: userId }).getOne();
      if (!user) throw new NotFoundError('The user');
      if (user.role !== role) {
        const before = user.role;
        await repo.update({ id: user.id }, { role });
        user.role = role;
        // a topic limit belongs to the MODERATOR role: whoever is made MODERATOR again starts unrestricted
        if (before === Role.MODERATOR) await this.moderatorTopics.replace(manager, user.id, []);
        await this.audit.record(manager, { actorId: actor.id, action: 'user.role', targetType: 'USER', targetId: user.id, details: { before: { role: before }, after: { role } } });
        await this.events.emit(manager, 'user.access-changed', { userId: user.id });
      }
      return User.fromEntity(user);
    });
  }
}
