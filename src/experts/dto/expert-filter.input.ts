import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { Sector } from '../../access/roles';
import { ConnectionArgs } from '../../platform/graphql/pagination/connection.types';
import { ExpertStatus } from '../expert-status.enum';

@InputType({ description: 'Filters of `experts`; the conditions given all apply (VERIFIED profiles only, always).' })
export class ExpertFilter {
  @Field(() => ID, { nullable: true, description: 'Experts of this topic or of one of its subtopics (a parent topic includes its children).' })
  @IsOptional()
  topicId?: string | null;

  @Field(() => String, { nullable: true, description: 'Experts with field experience in this country (ISO 3166-1 alpha-2, case-insensitive).' })
  @IsOptional()
  country?: string | null;

  @Field(() => String, { nullable: true, description: 'Experts who answer in this language (BCP-47; matched on the primary language: "pt" finds "pt-BR" and the reverse).' })
  @IsOptional()
  language?: string | null;

  @Field(() => Sector, { nullable: true, description: 'Experts whose sector (from their APPROVED organization membership) is this one.' })
  @IsOptional()
  sector?: Sector | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Full-text search over name, headline and bio (up to 200 characters, `websearch_to_tsquery` syntax: "phrase", OR, -word), stemmed in each profile\'s language; results by relevance. Blank: no condition.',
  })
  @IsOptional()
  search?: string | null;
}

@ArgsType()
export class ExpertsArgs extends ConnectionArgs {
  @Field(() => ExpertFilter, { nullable: true, description: 'Which experts to list; every VERIFIED expert when omitted.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExpertFilter)
  filter?: ExpertFilter | null;
}

@ArgsType()
export class ExpertApplicationsArgs extends ConnectionArgs {
  @Field(() => ExpertStatus, { nullable: true, defaultValue: ExpertStatus.PENDING, description: 'Profiles of this status; PENDING (the review queue) by default.' })
  @IsOptional()
  status?: ExpertStatus | null;
}

@ArgsType()
export class SuggestedExpertsArgs {
  @Field(() => ID, { description: 'Id of the QUESTION thread to find experts for.' })
  threadId: string;

  @Field(() => Int, { nullable: true, defaultValue: 5, description: 'How many experts, 0 to 20 (default 5).' })
  @IsOptional()
  first?: number | null;
}
