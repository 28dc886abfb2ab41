import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, Length, Matches, MaxLength } from 'class-validator';

@InputType()
export class CreateTopicInput {
  @Field()
  @Length(2, 80, { message: 'name must be 2 to 80 characters' })
  name: string;

  @Field({ description: '2 to 60 characters: lower-case words of letters and digits joined by "-", unique.' })
  @Matches(/^(?=.{2,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be 2 to 60 lower-case letters and digits in words joined by "-"' })
  slug: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Parent topic; null for a root topic.' })
  @IsOptional()
  parentId?: string | null;
}
