import { AccountMailEvent, AccountMailKind } from '../identity/accounts/accounts.events';
import { escapeHtml } from '../platform/validation/html';
import type { RenderedMail } from './mail-templates';

const SITE = 'ASGM Exchange';

/** Where a link of this kind leads in the web client (WEB_APP_URL), with the token as `?token=`. */
const PAGES: Partial<Record<AccountMailKind, string>> = {
  [AccountMailKind.VERIFY_EMAIL]: '/verify-email',
  [AccountMailKind.CONFIRM_NEW_EMAIL]: '/verify-email',
  [AccountMailKind.RESET_PASSWORD]: '/reset-password',
};

const WORDING: Record<AccountMailKind, { subject: string; lines: string[] }> = {
  [AccountMailKind.VERIFY_EMAIL]: {
    subject: `Confirm your email address for ${SITE}`,
    lines: ['Welcome! Please confirm that this is your email address.', 'Until you do, your account reads public content only and cannot post.'],
  },
  [AccountMailKind.CONFIRM_NEW_EMAIL]: {
    subject: `Confirm your new email address for ${SITE}`,
    lines: ['You asked to use this address for your account. It takes effect once you confirm it; until then your previous address stays in use.'],
  },
  [AccountMailKind.EMAIL_CHANGE_REQUESTED]: {
    subject: `A change of your ${SITE} email address was requested`,
    lines: [
      'Someone signed in to your account asked to move it to another email address. It changes only when the new address is confirmed.',
      'If this was not you, change your password now.',
    ],
  },
  [AccountMailKind.RESET_PASSWORD]: {
    subject: `Reset your ${SITE} password`,
    lines: ['You (or someone who typed your address) asked to reset your password. If it was not you, ignore this email: nothing changes.', 'Setting a new password signs you out everywhere.'],
  },
  [AccountMailKind.PASSWORD_CHANGED]: {
    subject: `Your ${SITE} password was changed`,
    lines: ['The password of your account was just changed. If this was not you, reset it now with "Forgot password".'],
  },
};

/**
 * An account mail (verification, reset, notices). With WEB_APP_URL the token is in a link to the
 * web client's page; without it, the token itself is given, to paste (`verifyEmail(token:)`, `resetPassword(token:)`).
 */
export function renderAccountMail(mail: AccountMailEvent, webAppUrl: string | null): RenderedMail {
  const { subject, lines } = WORDING[mail.kind];
  const page = PAGES[mail.kind];
  const name = Array.from(mail.displayName, (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('');
  const greeting = `Hello ${name},`;
  const text = [greeting, '', ...lines];
  const html = [`<p>${escapeHtml(greeting)}</p>`, ...lines.map((l) => `<p>${escapeHtml(l)}</p>`)];
  if (page && mail.token) {
    const expires = mail.expiresAt ? ` It works once, until ${mail.expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC.` : '';
    if (webAppUrl) {
      const link = `${webAppUrl.replace(/\/+$/, '')}${page}?token=${encodeURIComponent(mail.token)}`;
      text.push('', `Open this link:${expires}`, link);
      html.push(`<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`, `<p>${escapeHtml(expires.trim())}</p>`);
    } else {
      text.push('', `Your code:${expires}`, mail.token);
      html.push(`<p>Your code:${escapeHtml(expires)}</p>`, `<p><code>${escapeHtml(mail.token)}</code></p>`);
    }
  }
  text.push('', `— ${SITE}`);
  return { subject, text: text.join('\n'), html: html.join('\n') };
}
