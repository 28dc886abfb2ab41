import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, Length, Matches, MaxLength } from 'class-validator';
import { CleanDisplayText } from '../../../platform/validation/display-text';

@InputType({ description: 'Input of `register`.' })
export class RegisterInput {
  @Field({ description: 'Email address, at most 254 characters; unique case-insensitively (`CONFLICT` when taken) and stored in lower case.' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @Field({ description: 'Password, 10 to 256 characters.' })
  @Length(10, 256, { message: 'password must be 10 to 256 characters' })
  password: string;

  @Field({ description: 'Name shown to others, 1 to 80 characters after trimming (control, bidi and zero-width characters are removed).' })
  @CleanDisplayText()
  @Length(1, 80, { message: 'displayName must be 1 to 80 characters' })
  displayName: string;

  @Field({ description: 'Unique public handle used in `@handle` mentions (`CONFLICT` when taken): 3 to 30 characters, lower-case letters, digits, "-" and "_", starting with a letter or digit.' })
  @Matches(/^[a-z0-9][a-z0-9_-]{2,29}$/, { message: 'handle must be 3 to 30 lower-case letters, digits, "-" or "_", starting with a letter or digit' })
  handle: string;
}
