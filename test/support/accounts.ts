import { TestSmtp } from './smtp';

/** The account fields of `User` (the viewer's own and staff's). */
export const ACCOUNT = 'email emailVerified pendingEmail';

export const VERIFY = `mutation($token: String!) { verifyEmail(token: $token) { id ${ACCOUNT} } }`;
export const RESEND = `mutation { resendVerificationEmail }`;
export const REQUEST_RESET = `mutation($email: String!) { requestPasswordReset(email: $email) }`;
export const RESET = `mutation($token: String!, $pw: String!) { resetPassword(token: $token, newPassword: $pw) }`;
export const CHANGE_PASSWORD = `mutation($cur: String!, $pw: String!) { changePassword(currentPassword: $cur, newPassword: $pw) }`;
export const CHANGE_EMAIL = `mutation($email: String!, $pw: String!) { changeEmail(newEmail: $email, password: $pw) { id ${ACCOUNT} } }`;

/** The token of an account mail: in its link (WEB_APP_URL set) or as the code to paste. */
export function tokenOf(text: string): { token: string; link: string | null } | null {
  const link = /(https?:\/\/\S+\?token=([A-Za-z0-9_-]+))/.exec(text);
  if (link) return { token: decodeURIComponent(link[2]), link: link[1] };
  const code = /Your code:[^\n]*\n([A-Za-z0-9_-]{20,})/.exec(text);
  return code ? { token: code[1], link: null } : null;
}

/**
 * Waits for an account mail with a token to `to` (its subject matching `subject`, its token not one
 * of `except`: those already seen) and returns the newest one's token, link and subject.
 */
export async function tokenMailedTo(
  smtp: TestSmtp,
  to: string,
  { except = [], subject = /./ }: { except?: string[]; subject?: RegExp } = {},
): Promise<{ token: string; link: string | null; subject: string }> {
  const fresh = () =>
    smtp.mails
      .filter((m) => m.to.includes(to) && subject.test(m.subject))
      .map((m) => ({ subject: m.subject, ...tokenOf(m.text) }))
      .filter((m): m is { subject: string; token: string; link: string | null } => !!m.token && !except.includes(m.token));
  await smtp.until(() => fresh().length > 0, `an account mail to ${to}`);
  return fresh().at(-1)!;
}

/** Subjects of the account mails with a token. */
export const VERIFICATION_MAIL = /^Confirm your (new )?email address/;
export const RESET_MAIL = /^Reset your ASGM Exchange password/;
