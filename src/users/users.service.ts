import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders';
import { UserEntity } from './user.entity';
import { User } from './user.type';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  findByHandle(handle: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { handle: handle.trim().toLowerCase() } });
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
}
