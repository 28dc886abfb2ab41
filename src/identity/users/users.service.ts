import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { Role } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { AuditService } from '../../platform/audit/audit.service';
import { ForbiddenError, NotFoundError } from '../../platform/errors/domain-errors';
import { isUuid } from '../../platform/errors/pg-errors';
import { byKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { SocketRevalidationService } from '../../realtime/socket-revalidation.service';
import { UserEntity } from './user.entity';
import { User } from './user.type';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sockets: SocketRevalidationService,
  ) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  /** Batched user lookup for field resolvers (authors, actors, hosts …). */
  load(loaders: LoaderRegistry, id: string): Promise<User | null> {
    return loaders
      .get<string, User | null>('user.byId', async (ids) => {
        const rows = await this.users.find({ where: { id: In([...ids]) } });
        return byKey(ids, rows.map(User.fromEntity), (u) => u.id);
      })
      .load(id);
  }

  /** ADMIN: sets a user's platform role, audited in the same transaction. Admins cannot change their own role. */
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
        await this.audit.record(manager, { actorId: actor.id, action: 'user.role', targetType: 'USER', targetId: user.id, details: { before: { role: before }, after: { role } } });
        await this.sockets.revalidateUser(user.id, manager);
      }
      return User.fromEntity(user);
    });
  }
}
