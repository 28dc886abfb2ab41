import { Field, ObjectType } from '@nestjs/graphql';
import { User } from '../users/user.type';

@ObjectType({ description: 'A new session: an access token for requests and a refresh token to renew it, with the signed-in user.' })
export class AuthPayload {
  @Field({ description: 'JWT to send as `Authorization: Bearer <accessToken>` (and as `auth: { token }` to socket.io). Valid 15 minutes by default; after that requests answer `UNAUTHENTICATED` and the client calls `refreshSession`.' })
  accessToken: string;

  @Field({ description: 'Opaque and single use: exchange it with `refreshSession` for a new pair (valid 30 days by default). Presenting an already used one revokes the whole session. Keep it secret.' })
  refreshToken: string;

  @Field(() => User, { description: 'The signed-in user.' })
  user: User;
}
