import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '../../access/access.decorators';
import { Role } from '../../access/roles';
import { CurrentViewer, Viewer } from '../../access/viewer';
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

  @Roles(Role.ADMIN)
  @Mutation(() => User, { description: "ADMIN: sets a user's platform role (audited). Admins cannot change their own role." })
  setUserRole(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID }) userId: string, @Args('role', { type: () => Role }) role: Role): Promise<User> {
    return this.users.setRole(viewer, userId, role);
  }
}
