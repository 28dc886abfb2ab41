import type { MembershipEntity } from './organizations/membership.entity';
import type { UserEntity } from './users/user.entity';

/**
 * What identity tells other features. `user.access-changed` and `login-session.ended` are what
 * realtime listens to, to re-check sockets at once (after commit, on every instance).
 */
export interface UserAccessChangedEvent {
  /** Role, suspension, membership or sector changed: what this user may see may have changed. */
  userId: string;
}

export interface LoginSessionEndedEvent {
  /** The refresh-token family (login session) that was revoked: logout or token reuse. */
  loginSessionId: string;
}

export interface MembershipRequestedEvent {
  membership: MembershipEntity;
  actorId: string;
}

export interface MembershipDecidedEvent {
  membership: MembershipEntity;
  /** `membership.approve`, `membership.reject`, `membership.end` or `membership.role`. */
  action: string;
  actorId: string;
}

export interface UserRegisteredEvent {
  /** The new account, as stored (its email not verified yet). */
  user: UserEntity;
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'user.registered': UserRegisteredEvent;
    'user.access-changed': UserAccessChangedEvent;
    'login-session.ended': LoginSessionEndedEvent;
    'membership.requested': MembershipRequestedEvent;
    'membership.decided': MembershipDecidedEvent;
  }
}
