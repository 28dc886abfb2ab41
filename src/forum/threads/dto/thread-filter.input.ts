import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../../platform/graphql/pagination/connection.types';
import { ThreadKind, ThreadOrder } from '../thread-kind.enum';

@InputType({ description: 'Filters of `threads`; the conditions given all apply.' })
export class ThreadFilter {
  @Field(() => ID, { nullable: true, description: 'Threads of this topic and its subtopics.' })
  @IsOptional()
  topicId?: string | null;

  @Field(() => ThreadKind, { nullable: true, description: 'Only threads of this kind.' })
  @IsOptional()
  kind?: ThreadKind | null;

  @Field(() => Boolean, { nullable: true, description: 'True: only QUESTION threads without an accepted answer. False or omitted: no condition.' })
  @IsOptional()
  unanswered?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only threads with this tag (normalized like thread tags: "Small Scale" finds "small-scale"), at most 64 characters.' })
  @IsOptional()
  @MaxLength(64)
  tag?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only threads started by this user.' })
  @IsOptional()
  authorId?: string | null;
}

@ArgsType()
export class ThreadsArgs extends ConnectionArgs {
  @Field(() => ThreadFilter, { nullable: true, description: 'Which threads to list; all that the viewer may see when omitted.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThreadFilter)
  filter?: ThreadFilter | null;

  @Field(() => ThreadOrder, { nullable: true, defaultValue: ThreadOrder.ACTIVITY, description: 'Order of the list after the pinned threads; ACTIVITY by default.' })
  orderBy?: ThreadOrder | null;
}
