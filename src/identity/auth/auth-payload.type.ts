import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '../users/user.type';

@ObjectType()
export class AuthPayload {
  @Field({ description: 'JWT for `Authorization: Bearer`, valid 15 minutes.' })
  accessToken: string;

  @Field({ description: 'Opaque, single use: exchange it with refreshSession for a new pair.' })
  refreshToken: string;

  @Field(() => User)
  user: User;
}
