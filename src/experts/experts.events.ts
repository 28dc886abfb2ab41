import type { ExpertStatus } from './expert-status.enum';

/**
 * What the expert network tells other features (notifications listens). Emitted by the experts
 * services inside the transaction of the change, after its rows are written.
 */
export interface ExpertAppliedEvent {
  profileId: string;
  userId: string;
  /** True for a first application, false for an edit of an existing profile. */
  created: boolean;
  status: ExpertStatus;
}

export interface ExpertReviewedEvent {
  profileId: string;
  /** The applicant (owner of the profile). */
  userId: string;
  approved: boolean;
  /** Status before and after the review (VERIFIED → REJECTED withdraws a verification). */
  previousStatus: ExpertStatus;
  status: ExpertStatus;
  note: string | null;
  actorId: string;
}

export interface ExpertAskedEvent {
  askId: string;
  threadId: string;
  /** The expert's user id. */
  expertId: string;
  actorId: string;
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'expert.applied': ExpertAppliedEvent;
    'expert.reviewed': ExpertReviewedEvent;
    'expert.asked': ExpertAskedEvent;
  }
}
