import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Node } from '../platform/graphql/node.interface';
import { ExpertStatus } from './expert-status.enum';

/** A profile row with its owner's counters, as the experts repositories read it. */
export interface ExpertProfileRow {
  id: string;
  user_id: string;
  headline: string;
  bio: string;
  bio_html: string;
  language: string;
  countries: string[];
  languages: string[];
  status: ExpertStatus;
  available_for_questions: boolean;
  review_note: string | null;
  reviewed_at: Date | null;
  verified_at: Date | null;
  submitted_at: Date;
  created_at: Date;
  updated_at: Date;
  reputation: number;
  answer_count: number;
  accepted_answer_count: number;
}

/**
 * An expert profile as clients see it. `user`, `expertise`, `responsivenessMinutes`,
 * `reviewNote` and `reviewedAt` are field resolvers (batched per request).
 */
@ObjectType('ExpertProfile', {
  implements: () => [Node],
  description:
    'A user\'s expert profile: what they know (topics), where (countries) and in which languages they answer, with counters from their answers. VERIFIED profiles are public; PENDING and REJECTED ones are seen only by their owner, MODERATORs and ADMINs.',
})
export class ExpertProfile implements Node {
  @Field(() => ID, { description: 'Global id of the profile (a UUID, not the user\'s id), usable with `node(id:)`.' })
  id: string;

  @Field({ description: 'One-line summary of the expertise, 1 to 160 characters.' })
  headline: string;

  @Field({ description: 'Markdown as written by the expert (1 to 5,000 characters).' })
  bio: string;

  @Field({ description: 'HTML rendered from `bio` and sanitized on the server (the same rules as thread bodies): safe to insert as is.' })
  bioHtml: string;

  @Field({ description: 'BCP-47 tag of the language `headline` and `bio` are written in; picks the stemming of the directory search.' })
  language: string;

  @Field(() => [String], { description: 'Countries of field experience, as ISO 3166-1 alpha-2 codes (for example "GH"); may be empty.' })
  countries: string[];

  @Field(() => [String], { description: 'Languages the expert answers in, as BCP-47 tags (for example "fr", "pt-BR"); at least one.' })
  languages: string[];

  @Field(() => ExpertStatus, { description: 'PENDING until reviewed; VERIFIED once approved by a MODERATOR or ADMIN; REJECTED when declined or withdrawn.' })
  status: ExpertStatus;

  @Field({ description: 'Whether the expert takes questions: only available experts are suggested and may be asked with `askExpert`.' })
  availableForQuestions: boolean;

  @Field(() => Int, { description: 'Answers the user has written (replies in QUESTION threads, not deleted), counted as they happen.' })
  answerCount: number;

  @Field(() => Int, { description: 'Answers of the user currently accepted by the question\'s author or a moderator (self-accepted answers do not count).' })
  acceptedAnswerCount: number;

  @Field(() => Int, {
    description:
      'Reputation from answers, kept in the transaction of each change: +10 per upvote and −2 per downvote on an answer, +15 per accepted answer; withdrawn votes, changed acceptances and deleted answers take back exactly what they gave. May be negative.',
  })
  reputation: number;

  @Field(() => Date, { nullable: true, description: 'When the profile was first verified; null until then.' })
  verifiedAt: Date | null;

  @Field({ description: 'When the current application was submitted (a first application, or a new one after a rejection).' })
  submittedAt: Date;

  @Field({ description: 'When the profile was created (ISO-8601, UTC).' })
  createdAt: Date;

  @Field({ description: 'When the profile was last changed by its owner or a review.' })
  updatedAt: Date;

  userId: string;
  reviewNote: string | null;
  reviewedAt: Date | null;

  static fromRow(r: ExpertProfileRow): ExpertProfile {
    const p = new ExpertProfile();
    p.id = r.id;
    p.userId = r.user_id;
    p.headline = r.headline;
    p.bio = r.bio;
    p.bioHtml = r.bio_html;
    p.language = r.language;
    p.countries = r.countries;
    p.languages = r.languages;
    p.status = r.status;
    p.availableForQuestions = r.available_for_questions;
    p.answerCount = Number(r.answer_count);
    p.acceptedAnswerCount = Number(r.accepted_answer_count);
    p.reputation = Number(r.reputation);
    p.reviewNote = r.review_note;
    p.reviewedAt = r.reviewed_at ? new Date(r.reviewed_at) : null;
    p.verifiedAt = r.verified_at ? new Date(r.verified_at) : null;
    p.submittedAt = new Date(r.submitted_at);
    p.createdAt = new Date(r.created_at);
    p.updatedAt = new Date(r.updated_at);
    return p;
  }
}
