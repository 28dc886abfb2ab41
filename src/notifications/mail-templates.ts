import { NotificationType } from './notification.enums';
import { escapeHtml } from '../platform/validation/html';

/** One notification, described for an email (everything here is already checked visible to the recipient). */
export interface MailItem {
  type: NotificationType;
  actorName: string | null;
  threadTitle: string | null;
  /** Plain text of the post (or thread) the notification is about, shortened. */
  excerpt: string | null;
  membership: { organizationName: string; status: string; aboutRecipient: boolean } | null;
  /** For EXPERT_REVIEW: the recipient's expert profile status now (PENDING, VERIFIED, REJECTED). */
  expertStatus?: string | null;
  /** The live session it is about (SESSION_* types). */
  sessionTitle?: string | null;
  link: string | null;
  createdAt: Date;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const SITE = 'ASGM Exchange';
const EXCERPT_MAX = 280;


/** One line, no control characters (subjects and headlines). */
const oneLine = (value: string) =>
  Array.from(value, (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

/** Shortens text to a readable excerpt. */
export function excerptOf(text: string, max = EXCERPT_MAX): string {
  const flat = oneLine(text);
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The sentence that says what happened, as plain text. */
export function headline(item: MailItem): string {
  const actor = oneLine(item.actorName ?? '') || 'Someone';
  const thread = item.threadTitle ? `“${oneLine(item.threadTitle)}”` : 'a thread';
  switch (item.type) {
    case NotificationType.REPLY:
      return `${actor} replied in ${thread}`;
    case NotificationType.MENTION:
      return `${actor} mentioned you in ${thread}`;
    case NotificationType.ANSWER_ACCEPTED:
      return `${actor} accepted your answer in ${thread}`;
    case NotificationType.EXPERT_REQUEST:
      return `${actor} asked for your expertise in ${thread}`;
    case NotificationType.SESSION_STARTING:
      return item.sessionTitle ? `The live session “${oneLine(item.sessionTitle)}” is starting` : 'A live session you follow is starting';
    case NotificationType.SESSION_CANCELLED:
      return item.sessionTitle ? `The live session “${oneLine(item.sessionTitle)}” was cancelled` : 'A live session you follow was cancelled';
    case NotificationType.SESSION_ENDED:
      return item.sessionTitle ? `The live session “${oneLine(item.sessionTitle)}” ended: its archive is in the forum` : 'A live session you follow ended';
    case NotificationType.MODERATION:
      return item.threadTitle ? `A moderator acted on your content in ${thread}` : 'A moderator acted on your content';
    case NotificationType.EXPERT_REVIEW:
      if (item.expertStatus === 'VERIFIED') return 'Your expert profile is verified';
      if (item.expertStatus === 'REJECTED') return 'Your expert profile was not verified';
      return 'Your expert profile was reviewed';
    case NotificationType.MEMBERSHIP: {
      const m = item.membership;
      if (!m) return `${actor} updated a membership`;
      const org = oneLine(m.organizationName);
      if (!m.aboutRecipient) return m.status === 'PENDING' ? `${actor} asked to join ${org}` : `${actor}'s membership of ${org} changed`;
      if (m.status === 'APPROVED') return `Your membership of ${org} is approved`;
      if (m.status === 'REJECTED') return `Your membership of ${org} was declined or has ended`;
      return `Your membership of ${org} changed`;
    }
  }
}

function footer(settingsLink: string | null): { text: string; html: string } {
  const text = `You get these emails from ${SITE}. To change how often, or turn them off, update your notification settings${settingsLink ? `: ${settingsLink}` : ''}.`;
  const html = `<p style="color:#666;font-size:12px">You get these emails from ${SITE}. To change how often, or turn them off, update your ${
    settingsLink ? `<a href="${escapeHtml(settingsLink)}">notification settings</a>` : 'notification settings'
  }.</p>`;
  return { text, html };
}

function itemText(item: MailItem): string {
  return [headline(item), item.excerpt ? `  “${excerptOf(item.excerpt)}”` : null, item.link ? `  ${item.link}` : null].filter(Boolean).join('\n');
}

function itemHtml(item: MailItem): string {
  const title = item.link ? `<a href="${escapeHtml(item.link)}">${escapeHtml(headline(item))}</a>` : escapeHtml(headline(item));
  const quote = item.excerpt ? `<blockquote style="margin:4px 0 0 0;color:#444">${escapeHtml(excerptOf(item.excerpt))}</blockquote>` : '';
  return `<li style="margin-bottom:12px">${title}${quote}</li>`;
}

const page = (body: string) => `<!doctype html><html><body style="font-family:sans-serif;line-height:1.4">${body}</body></html>`;

/** One email for one notification. */
export function renderInstant(recipientName: string, item: MailItem, settingsLink: string | null): RenderedMail {
  const foot = footer(settingsLink);
  const greeting = `Hello ${oneLine(recipientName)},`;
  return {
    subject: `${SITE}: ${headline(item)}`.slice(0, 200),
    text: `${greeting}\n\n${itemText(item)}\n\n--\n${foot.text}\n`,
    html: page(`<p>${escapeHtml(greeting)}</p><ul style="padding-left:16px">${itemHtml(item)}</ul><hr>${foot.html}`),
  };
}

/** One email listing a day's notifications. */
export function renderDigest(recipientName: string, items: MailItem[], settingsLink: string | null): RenderedMail {
  const foot = footer(settingsLink);
  const greeting = `Hello ${oneLine(recipientName)},`;
  const intro = `here is what happened on ${SITE} since your last digest (${items.length} notification${items.length === 1 ? '' : 's'}):`;
  return {
    subject: `${SITE}: your daily digest (${items.length} notification${items.length === 1 ? '' : 's'})`,
    text: `${greeting}\n${intro}\n\n${items.map(itemText).join('\n\n')}\n\n--\n${foot.text}\n`,
    html: page(`<p>${escapeHtml(greeting)}<br>${escapeHtml(intro)}</p><ul style="padding-left:16px">${items.map(itemHtml).join('')}</ul><hr>${foot.html}`),
  };
}
