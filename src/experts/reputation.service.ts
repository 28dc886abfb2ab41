import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AnswerAcceptedEvent, PostCreatedEvent, PostDeletedEvent, PostHiddenChangedEvent, PostVotedEvent } from '../forum/forum.events';
import { PostEntity } from '../forum/posts/post.entity';
import { PostsRepository } from '../forum/posts/posts.repository';
import { ThreadKind } from '../forum/threads/thread-kind.enum';
import { ThreadEntity } from '../forum/threads/thread.entity';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { REPUTATION, voteWorth } from './expert-limits';
import { ReputationChange, ReputationRepository } from './reputation.repository';

type PostFacts = Pick<PostEntity, 'id' | 'authorId' | 'createdAt'>;
type ThreadFacts = Pick<ThreadEntity, 'id' | 'kind' | 'authorId'>;
type AcceptedFacts = Pick<PostEntity, 'id' | 'authorId'> & Partial<Pick<PostEntity, 'hidden' | 'deleted'>>;

/** An answer: a reply in a QUESTION thread (the thread's kind never changes, nor a post's thread). */
const isAnswer = (thread: ThreadFacts): boolean => thread.kind === ThreadKind.QUESTION;

/**
 * Whether a reply earns now: neither deleted nor hidden by moderation (absent flags: it does).
 * What a reply that stopped earning had earned was taken back when it stopped.
 */
const earns = (post: Partial<Pick<PostEntity, 'hidden' | 'deleted'>>): boolean => !post.hidden && !post.deleted;

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
 *   acceptance) gave is taken back;
 * - `post.hidden-changed` of an answer (moderation or flags): hidden, it stops earning exactly as
 *   a deleted one (one answer fewer, its votes' and acceptance's reputation taken back); shown
 *   again, the same is given back, from its votes and acceptance as they are then.
 * An answer that does not earn (hidden or deleted) gains nothing from votes or acceptance and
 * loses nothing when it is deleted or stops being accepted: there is nothing left to take back.
 * The demo seed writes its replies in bulk and applies these same rules in `planDemoForum`
 * (src/seed/demo-forum.ts): a change here is a change there (its e2e test recomputes reputation).
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
    // a hidden answer already gave back what it had earned when it was hidden
    if (!isAnswer(thread) || post.hidden) return;
    await this.reputation.apply(manager, await this.earnings(manager, post, thread, wasAccepted, -1));
  }

  @OnDomainEvent('post.hidden-changed')
  async onPostHiddenChanged({ post, thread, hidden }: PostHiddenChangedEvent, manager: EntityManager): Promise<void> {
    // a deleted answer earns nothing, hidden or not
    if (!isAnswer(thread) || post.deleted) return;
    await this.reputation.apply(manager, await this.earnings(manager, post, thread, post.accepted, hidden ? -1 : 1));
  }

  /** What an answer earns now (one answer, its votes, its acceptance), signed: -1 takes it back, +1 gives it. Read under the post's lock. */
  private async earnings(manager: EntityManager, post: Pick<PostEntity, 'id' | 'authorId'>, thread: ThreadFacts, accepted: boolean, sign: 1 | -1): Promise<ReputationChange[]> {
    const { up, down } = await this.posts.voteTally(manager, post.id);
    const changes: ReputationChange[] = [{ userId: post.authorId, answers: sign, reputation: sign * (up * REPUTATION.upvote + down * REPUTATION.downvote) }];
    if (accepted && earnsAcceptance(post, thread)) changes.push({ userId: post.authorId, accepted: sign, reputation: sign * REPUTATION.accepted });
    return changes;
  }

  /** A reply was written: an answer when its thread is a QUESTION. */
  async recordAnswer(manager: EntityManager, post: PostFacts, thread: ThreadFacts): Promise<void> {
    if (!isAnswer(thread)) return;
    await this.reputation.apply(manager, [{ userId: post.authorId, answers: 1, answeredAt: new Date(post.createdAt) }]);
  }

  /** A vote on a reply changed from `previous` to `value` (-1, 0, 1). */
  async recordVote(manager: EntityManager, post: Pick<PostEntity, 'authorId'> & Partial<Pick<PostEntity, 'hidden' | 'deleted'>>, thread: ThreadFacts, previous: number, value: number): Promise<void> {
    if (!isAnswer(thread) || !earns(post)) return;
    const delta = voteWorth(value) - voteWorth(previous);
    if (delta !== 0) await this.reputation.apply(manager, [{ userId: post.authorId, reputation: delta }]);
  }

  /** `post` became the accepted answer of `thread`, replacing `previous` (if any). */
  async recordAcceptance(manager: EntityManager, post: AcceptedFacts, thread: ThreadFacts, previous: AcceptedFacts | null): Promise<void> {
    if (!isAnswer(thread) || previous?.id === post.id) return;
    const changes: ReputationChange[] = [];
    if (earns(post) && earnsAcceptance(post, thread)) changes.push({ userId: post.authorId, accepted: 1, reputation: REPUTATION.accepted });
    if (previous && earns(previous) && earnsAcceptance(previous, thread)) changes.push({ userId: previous.authorId, accepted: -1, reputation: -REPUTATION.accepted });
    await this.reputation.apply(manager, changes);
  }
}
