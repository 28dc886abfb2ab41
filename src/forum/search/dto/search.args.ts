import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { ConnectionArgs } from '../../../platform/graphql/pagination/connection.types';
import { ThreadKind } from '../../threads/thread-kind.enum';

@InputType({ description: 'Filters of `search`; the conditions given all apply.' })
export class SearchFilter {
  @Field(() => ID, { nullable: true, description: 'Threads of this topic and its subtopics.' })
  @IsOptional()
  topicId?: string | null;

  @Field(() => ThreadKind, { nullable: true, description: 'Only threads of this kind (and their replies).' })
  @IsOptional()
  kind?: ThreadKind | null;
}

@ArgsType()
export class SearchArgs extends ConnectionArgs {
  @Field({ description: 'Web-search syntax: words, "quoted phrases", OR, -excluded. 1 to 200 characters.' })
  query: string;

  @Field(() => SearchFilter, { nullable: true, description: 'Restricts the search to a topic or a kind of thread; everything the viewer may see when omitted.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SearchFilter)
  filter?: SearchFilter | null;
}
