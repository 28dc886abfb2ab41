/** What notifications tell other parts: new notifications were stored (the mailer sends the instant emails). */
export interface NotificationCreatedEvent {
  /** Ids of the new notifications (one per recipient). */
  ids: string[];
}

declare module '../platform/events/domain-events' {
  interface DomainEvents {
    'notification.created': NotificationCreatedEvent;
  }
}
