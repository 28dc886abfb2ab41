import { Field, Float, ObjectType } from '@nestjs/graphql';

/**
 * One search result: a thread (its title or body matched; `post` null) or a reply of it
 * (`post` set). `snippet` is HTML-escaped text in which matches are wrapped in <mark>.
 */
@ObjectType('SearchHit')
export class SearchHit {
  @Field({ description: 'Escaped text around the matches, which are wrapped in <mark>…</mark>.' })
  snippet: string;

  @Field(() => Float, { description: 'ts_rank of the match (title weighs more than body).' })
  rank: number;

  threadId: string;
  postId: string | null;
}
