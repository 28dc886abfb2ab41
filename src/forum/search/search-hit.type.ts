import { Field, Float, ObjectType } from '@nestjs/graphql';

/**
 * One search result: a thread (its title or body matched; `post` null) or a reply of it
 * (`post` set). `snippet` is HTML-escaped text in which matches are wrapped in <mark>.
 */
@ObjectType('SearchHit', { description: 'One search result: a thread whose title or body matched (`post` null), or a reply of it that matched (`post` set).' })
export class SearchHit {
  @Field({ description: 'HTML: escaped plain text around the matches, which are wrapped in `<mark>…</mark>`; safe to insert as is.' })
  snippet: string;

  @Field(() => Float, { description: 'Relevance of the match (PostgreSQL `ts_rank`; a title match weighs more than a body match): higher is better, comparable only within one tier of one search.' })
  rank: number;

  threadId: string;
  postId: string | null;
}
