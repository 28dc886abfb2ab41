import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, Length, Matches, MaxLength } from 'class-validator';

@InputType({ description: 'Input of `createTopic`.' })
export class CreateTopicInput {
  @Field({ description: 'Display name, 2 to 80 characters (whitespace collapsed).' })
  @Length(2, 80, { message: 'name must be 2 to 80 characters' })
  name: string;

  @Field({ description: 'Unique URL-friendly name, 2 to 60 characters: lower-case words of letters and digits joined by "-" (`CONFLICT` when taken).' })
  @Matches(/^(?=.{2,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be 2 to 60 lower-case letters and digits in words joined by "-"' })
  slug: string;

  @Field(() => String, { nullable: true, description: 'Plain-text description, at most 1,000 characters; empty when omitted.' })
  @IsOptional()
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Parent topic; null for a root topic.' })
  @IsOptional()
  parentId?: string | null;
}
