import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { ThreadKind } from '../thread-kind.enum';
import { VisibilityInput } from './visibility.input';

export const TITLE_MIN = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;

@InputType({ description: 'Input of `createThread`.' })
export class CreateThreadInput {
  @Field(() => ThreadKind, { description: 'QUESTION, DISCUSSION, or ANNOUNCEMENT (MODERATOR and ADMIN only).' })
  kind: ThreadKind;

  @Field({ description: 'Plain text, 5 to 200 characters (whitespace collapsed).' })
  @Length(TITLE_MIN, TITLE_MAX, { message: `title must be ${TITLE_MIN} to ${TITLE_MAX} characters` })
  title: string;

  @Field({ description: 'Markdown, 1 to 50,000 characters (not only whitespace).' })
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body: string;

  @Field(() => ID, { description: 'Id of the topic to post in (`NOT_FOUND` when there is none).' })
  topicId: string;

  @Field(() => [String], { nullable: true, description: 'Normalized: lower-case, trimmed, spaces and "_" become "-", de-duplicated; [a-z0-9-], each at most 32 characters; at most 5 (`BAD_USER_INPUT` otherwise).' })
  @IsOptional()
  @ArrayMaxSize(20)
  tags?: string[] | null;

  @Field(() => VisibilityInput, { nullable: true, description: 'Who may see the thread; PUBLIC when omitted. A member may restrict it to their own sector only; MODERATOR and ADMIN may name any sectors.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => VisibilityInput)
  visibility?: VisibilityInput | null;

  @Field(() => String, { nullable: true, description: 'BCP-47 tag of the content such as "en", "fr" or "pt-BR" (`BAD_USER_INPUT` when malformed); "en" when omitted.' })
  @IsOptional()
  language?: string | null;

  @Field(() => String, { nullable: true, description: 'Optional client key, 1 to 200 characters: retrying with the same key (same author) returns the original thread and creates nothing; the same key with a different payload is `IDEMPOTENCY_CONFLICT`.' })
  @IsOptional()
  @Length(1, 200, { message: 'idempotencyKey must be 1 to 200 characters' })
  idempotencyKey?: string | null;
}

@InputType({ description: 'Input of `updateThread`: only the fields given (not null) change.' })
export class UpdateThreadInput {
  @Field(() => String, { nullable: true, description: 'New title, 5 to 200 characters; unchanged when omitted or null.' })
  @IsOptional()
  @Length(TITLE_MIN, TITLE_MAX, { message: `title must be ${TITLE_MIN} to ${TITLE_MAX} characters` })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New Markdown body, 1 to 50,000 characters; unchanged when omitted or null.' })
  @IsOptional()
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body?: string | null;

  @Field(() => [String], { nullable: true, description: 'New tags, replacing all of them (normalized as in `CreateThreadInput.tags`, at most 5); `[]` removes them; unchanged when omitted or null.' })
  @IsOptional()
  @ArrayMaxSize(20)
  tags?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Moves the thread to this topic (`NOT_FOUND` when there is none); unchanged when omitted or null.' })
  @IsOptional()
  topicId?: string | null;
}

