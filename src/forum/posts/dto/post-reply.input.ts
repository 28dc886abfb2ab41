import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, Length } from 'class-validator';
import { BODY_MAX } from '../../threads/dto/create-thread.input';

@InputType({ description: 'Input of `postReply`.' })
export class PostReplyInput {
  @Field(() => ID, { description: 'Id of the thread to reply in.' })
  threadId: string;

  @Field({ description: 'Markdown, 1 to 50,000 characters (not only whitespace); `@handle` mentions notify those users.' })
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body: string;

  @Field(() => ID, { nullable: true, description: 'Reply to this post, which must be of the same thread (`BAD_USER_INPUT` otherwise) and not deleted; a direct reply to the thread when omitted.' })
  @IsOptional()
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Optional client key, 1 to 200 characters: retrying with the same key (same author) returns the original reply and creates nothing; the same key with a different payload is `IDEMPOTENCY_CONFLICT`.' })
  @IsOptional()
  @Length(1, 200, { message: 'idempotencyKey must be 1 to 200 characters' })
  idempotencyKey?: string | null;
}
