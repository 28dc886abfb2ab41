import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';

/** `applyAsExpert`: the whole profile (an edit sends every field again). Validated by the service (limits in expert-limits.ts). */
@InputType({ description: 'An expert profile to create or replace (every field is set again on each call).' })
export class ApplyAsExpertInput {
  @Field({ description: 'One-line summary of the expertise, 1 to 160 characters (whitespace collapsed).' })
  headline: string;

  @Field({ description: 'Markdown (1 to 5,000 characters): experience, projects, methods. Rendered and sanitized into `bioHtml`.' })
  bio: string;

  @Field(() => [ID], { description: 'Expertise: 1 to 10 topics of the topic tree (duplicates ignored); an unknown topic is `BAD_USER_INPUT`.' })
  topicIds: string[];

  @Field(() => [String], { description: 'Countries of field experience: 0 to 30 ISO 3166-1 alpha-2 codes (for example "GH"; case-insensitive).' })
  countries: string[];

  @Field(() => [String], { description: 'Languages the expert answers in: 1 to 10 BCP-47 tags (for example "fr", "pt-BR").' })
  languages: string[];

  @Field(() => String, { nullable: true, description: 'BCP-47 tag of the language `headline` and `bio` are written in (picks the search stemming); default: the first of `languages`.' })
  @IsOptional()
  language?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the expert takes questions (`suggestedExperts`, `askExpert`); default true on a new profile, unchanged on an edit when omitted.' })
  @IsOptional()
  availableForQuestions?: boolean | null;
}
