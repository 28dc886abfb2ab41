import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../access/roles';
import { UserEntity } from './user.entity';
import { Node } from '../../platform/graphql/node.interface';

/** Public view of an account: no email, password hash or token ever leaves through it. */
@ObjectType('User', { implements: () => [Node] })
export class User implements Node {
  @Field(() => ID)
  id: string;

  @Field()
  handle: string;

  @Field()
  displayName: string;

  @Field(() => Role)
  role: Role;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  country: string | null;

  @Field(() => [String], { description: 'BCP-47 language tags.' })
  languages: string[];

  @Field()
  createdAt: Date;

  /** Not a GraphQL field here: exposed to moderators by the moderation feature. */
  suspendedUntil: Date | null;

  static fromEntity(e: UserEntity): User {
    const u = new User();
    u.id = e.id;
    u.handle = e.handle;
    u.displayName = e.displayName;
    u.role = e.role;
    u.country = e.country;
    u.languages = e.languages;
    u.createdAt = e.createdAt;
    u.suspendedUntil = e.suspendedUntil;
    return u;
  }
}
