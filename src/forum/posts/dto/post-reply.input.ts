import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, Length } from 'class-validator';
import { BODY_MAX } from '../../threads/dto/create-thread.input';

@InputType()
export class PostReplyInput {
  @Field(() => ID)
  threadId: string;

  @Field({ description: 'Markdown, 1 to 50,000 characters.' })
  @Length(1, BODY_MAX, { message: `body must be 1 to ${BODY_MAX} characters` })
  body: string;

  @Field(() => ID, { nullable: true, description: 'Reply to this post (of the same thread).' })
  @IsOptional()
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Retrying with the same key returns the original post; a different payload is IDEMPOTENCY_CONFLICT.' })
  @IsOptional()
  @Length(1, 200, { message: 'idempotencyKey must be 1 to 200 characters' })
  idempotencyKey?: string | null;
}
