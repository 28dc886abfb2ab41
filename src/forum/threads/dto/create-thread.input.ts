import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { ThreadKind } from '../thread-kind.enum';
import { VisibilityInput } from './visibility.input';

export const TITLE_MIN = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;

@InputType()
export class CreateThreadInput {
  @Field(() => ThreadKind)
  kind: ThreadKind;

  @Field({ description: '5 to 200 characters.' })
  @Length(TITLE_MIN, TITLE_MAX, { message: `title must be ${TITLE_MIN} to ${TITLE_MAX} characters` })
  title: string;

  @Field({ description: 'Markdown, 1 to 50,000 characters.' })
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body: string;

  @Field(() => ID)
  topicId: string;

  @Field(() => [String], { nullable: true, description: 'Normalized: lower-case, trimmed, de-duplicated; [a-z0-9-]; at most 5.' })
  @IsOptional()
  @ArrayMaxSize(20)
  tags?: string[] | null;

  @Field(() => VisibilityInput, { nullable: true, description: 'Default PUBLIC.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => VisibilityInput)
  visibility?: VisibilityInput | null;

  @Field(() => String, { nullable: true, description: 'BCP-47 tag, default "en".' })
  @IsOptional()
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'Retrying with the same key returns the original thread; a different payload is IDEMPOTENCY_CONFLICT.' })
  @IsOptional()
  @Length(1, 200, { message: 'idempotencyKey must be 1 to 200 characters' })
  idempotencyKey?: string | null;
}

@InputType()
export class UpdateThreadInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(TITLE_MIN, TITLE_MAX, { message: `title must be ${TITLE_MIN} to ${TITLE_MAX} characters` })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  tags?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  topicId?: string | null;
}

