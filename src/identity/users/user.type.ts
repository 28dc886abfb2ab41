import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../access/roles';
import { UserEntity } from './user.entity';
import { Node } from '../../platform/graphql/node.interface';

/** Public view of an account: no email, password hash or token ever leaves through it. */
@ObjectType('User', {
  implements: () => [Node],
  description: 'A person with an account (public profile): authors of threads and posts, experts, moderators. Never exposes an email, password or token.',
})
export class User implements Node {
  @Field(() => ID, { description: 'Global id of the user (a UUID), usable with `node(id:)`.' })
  id: string;

  @Field({ description: 'Unique public handle (lower case, 3 to 30 characters) used in `@handle` mentions.' })
  handle: string;

  @Field({ description: 'Name shown to others, 1 to 80 characters (demo accounts end with "(demo)").' })
  displayName: string;

  @Field(() => Role, { description: 'Platform role (ADMIN, MODERATOR, EXPERT or MEMBER).' })
  role: Role;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code (for example "GH"); null when not given.' })
  country: string | null;

  @Field(() => [String], { description: 'Languages the user works in, as BCP-47 tags (for example "en", "fr"); may be empty.' })
  languages: string[];

  @Field({ description: 'When the account was created (ISO-8601, UTC).' })
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
