/**
 * What identity asks the notifications floor to mail about an account. Emitted inside the
 * transaction that issued the token; the mail goes out after commit (phase `afterCommit`), so a
 * rolled-back change mails nothing. The raw token travels in memory only: it is never stored.
 */
export enum AccountMailKind {
  /** A new account: confirm the address (link with `token`). */
  VERIFY_EMAIL = 'VERIFY_EMAIL',
  /** `changeEmail`: confirm the new address (link with `token`, sent to the new address). */
  CONFIRM_NEW_EMAIL = 'CONFIRM_NEW_EMAIL',
  /** `changeEmail`: a notice to the current address that a change was asked for (no link). */
  EMAIL_CHANGE_REQUESTED = 'EMAIL_CHANGE_REQUESTED',
  /** `requestPasswordReset` for a known address (link with `token`). */
  RESET_PASSWORD = 'RESET_PASSWORD',
  /** The password was changed or reset: a notice (no link). */
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
}

export interface AccountMailEvent {
  kind: AccountMailKind;
  /** Recipient address. */
  to: string;
  displayName: string;
  /** The raw single-use token for the link; null for notices. */
  token: string | null;
  /** When the token stops working; null for notices. */
  expiresAt: Date | null;
}

declare module '../../platform/events/domain-events' {
  interface DomainEvents {
    'account.mail': AccountMailEvent;
  }
}
