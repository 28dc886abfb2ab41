import { Field, InputType } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';

@InputType({ description: 'Input of `login`.' })
export class LoginInput {
  @Field({ description: 'Email of the account (case-insensitive), at most 254 characters.' })
  @IsString()
  @MaxLength(254)
  email: string;

  @Field({ description: 'Password of the account, at most 256 characters.' })
  @IsString()
  @MaxLength(256)
  password: string;
}
