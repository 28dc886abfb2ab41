import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AnswerAcceptedEvent, PostCreatedEvent, PostDeletedEvent, PostVotedEvent } from '../forum/forum.events';
import { PostEntity } from '../forum/posts/post.entity';
import { PostsRepository } from '../forum/posts/posts.repository';
import { ThreadKind } from '../forum/threads/thread-kind.enum';
import { ThreadEntity } from '../forum/threads/thread.entity';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { REPUTATION, voteWorth } from './expert-limits';
import { ReputationChange, ReputationRepository } from './reputation.repository';

type PostFacts = Pick<PostEntity, 'id' | 'authorId' | 'createdAt'>;
type ThreadFacts = Pick<ThreadEntity, 'id' | 'kind' | 'authorId'>;

/** An answer: a reply in a QUESTION thread (the thread's kind never changes, nor a post's thread). */
const isAnswer = (thread: ThreadFacts): boolean => thread.kind === ThreadKind.QUESTION;

/** Acceptance earns reputation unless the question's author accepted their own reply. */
const earnsAcceptance = (post: Pick<PostEntity, 'authorId'>, thread: ThreadFacts): boolean => post.authorId !== thread.authorId;

/**
 * Reputation, answerCount and acceptedAnswerCount follow the forum's events, in the transaction
 * of the reply, vote, acceptance or deletion (handlers of phase `transaction`):
 * - `post.created` in a QUESTION thread: one more answer (and the latest answer time);
 * - `post.voted` on an answer: +10 per upvote, −2 per downvote, from the previous to the new
 *   vote (an un-vote or a changed vote takes back exactly what the earlier vote gave);
 * - `answer.accepted`: +15 and one more accepted answer for the new answer's author, the same
 *   taken back from the previously accepted answer's author (none for a self-accepted reply);
 * - `post.deleted` of an answer: one answer fewer, and the reputation its votes (and its
 *   acceptance) gave is taken back.
 * The demo seed calls the same `record*` methods, so its counters follow the same rules.
 */
@Injectable()
export class ReputationService {
  constructor(
    private readonly reputation: ReputationRepository,
    private readonly posts: PostsRepository,
  ) {}

  @OnDomainEvent('post.created')
  async onPostCreated({ post, thread }: PostCreatedEvent, manager: EntityManager): Promise<void> {
    await this.recordAnswer(manager, post, thread);
  }

  @OnDomainEvent('post.voted')
  async onPostVoted({ post, thread, previous, value }: PostVotedEvent, manager: EntityManager): Promise<void> {
    await this.recordVote(manager, post, thread, previous, value);
  }

  @OnDomainEvent('answer.accepted')
  async onAnswerAccepted({ post, thread, previousPostId }: AnswerAcceptedEvent, manager: EntityManager): Promise<void> {
    const previous = previousPostId ? await this.posts.findById(previousPostId, manager) : null;
    await this.recordAcceptance(manager, post, thread, previous);
  }

  @OnDomainEvent('post.deleted')
  async onPostDeleted({ post, thread, wasAccepted }: PostDeletedEvent, manager: EntityManager): Promise<void> {
    if (!isAnswer(thread)) return;
    const { up, down } = await this.posts.voteTally(manager, post.id);
    const changes: ReputationChange[] = [{ userId: post.authorId, answers: -1, reputation: -(up * REPUTATION.upvote + down * REPUTATION.downvote) }];
    if (wasAccepted && earnsAcceptance(post, thread)) changes.push({ userId: post.authorId, accepted: -1, reputation: -REPUTATION.accepted });
    await this.reputation.apply(manager, changes);
  }

  /** A reply was written: an answer when its thread is a QUESTION. */
  async recordAnswer(manager: EntityManager, post: PostFacts, thread: ThreadFacts): Promise<void> {
    if (!isAnswer(thread)) return;
    await this.reputation.apply(manager, [{ userId: post.authorId, answers: 1, answeredAt: new Date(post.createdAt) }]);
  }

  /** A vote on a reply changed from `previous` to `value` (-1, 0, 1). */
  async recordVote(manager: EntityManager, post: Pick<PostEntity, 'authorId'>, thread: ThreadFacts, previous: number, value: number): Promise<void> {
    if (!isAnswer(thread)) return;
    const delta = voteWorth(value) - voteWorth(previous);
    if (delta !== 0) await this.reputation.apply(manager, [{ userId: post.authorId, reputation: delta }]);
  }

  /** `post` became the accepted answer of `thread`, replacing `previous` (if any). */
  async recordAcceptance(manager: EntityManager, post: Pick<PostEntity, 'id' | 'authorId'>, thread: ThreadFacts, previous: Pick<PostEntity, 'id' | 'authorId'> | null): Promise<void> {
    if (!isAnswer(thread) || previous?.id === post.id) return;
    const changes: ReputationChange[] = [];
    if (earnsAcceptance(post, thread)) changes.push({ userId: post.authorId, accepted: 1, reputation: REPUTATION.accepted });
    if (previous && earnsAcceptance(previous, thread)) changes.push({ userId: previous.authorId, accepted: -1, reputation: -REPUTATION.accepted });
    await this.reputation.apply(manager, changes);
  }
}
