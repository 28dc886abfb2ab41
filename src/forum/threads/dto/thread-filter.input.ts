import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../../platform/graphql/pagination/connection.types';
import { ThreadKind, ThreadOrder } from '../thread-kind.enum';

@InputType()
export class ThreadFilter {
  @Field(() => ID, { nullable: true, description: 'Threads of this topic and its subtopics.' })
  @IsOptional()
  topicId?: string | null;

  @Field(() => ThreadKind, { nullable: true })
  @IsOptional()
  kind?: ThreadKind | null;

  @Field(() => Boolean, { nullable: true, description: 'true: QUESTION threads without an accepted answer.' })
  @IsOptional()
  unanswered?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  tag?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  authorId?: string | null;
}

@ArgsType()
export class ThreadsArgs extends ConnectionArgs {
  @Field(() => ThreadFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ThreadFilter)
  filter?: ThreadFilter | null;

  @Field(() => ThreadOrder, { nullable: true, defaultValue: ThreadOrder.ACTIVITY })
  orderBy?: ThreadOrder | null;
}
