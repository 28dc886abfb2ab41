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
  @Query(() => User, { nullable: true, description: 'The signed-in user; null when anonymous (no `Authorization` header). Anyone may call it.' })
  async me(@CurrentViewer() viewer: Viewer | null): Promise<User | null> {
    if (!viewer) return null;
    const entity = await this.users.findById(viewer.id);
    return entity ? User.fromEntity(entity) : null;
  }

  @Roles(Role.ADMIN)
  @Mutation(() => User, {
    description:
      "Sets a user's platform role, at once and audited. ADMIN only (`FORBIDDEN` otherwise). `FORBIDDEN` on the caller's own role (another ADMIN must change it); `NOT_FOUND` for an unknown user.",
  })
  setUserRole(
    @CurrentViewer() viewer: Viewer,
    @Args('userId', { type: () => ID, description: 'Id of the user whose role changes.' }) userId: string,
    @Args('role', { type: () => Role, description: 'The new platform role.' }) role: Role,
  ): Promise<User> {
    return this.users.setRole(viewer, userId, role);
  }
}
