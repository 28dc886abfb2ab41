import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '../access/access.decorators';
import { CurrentViewer, Viewer } from '../access/viewer';
import { User } from './user.type';
import { UsersService } from './users.service';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly users: UsersService) {}

  @Public()
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous.' })
  async me(@CurrentViewer() viewer: Viewer | null): Promise<User | null> {
    if (!viewer) return null;
    const entity = await this.users.findById(viewer.id);
    return entity ? User.fromEntity(entity) : null;
  }
}
