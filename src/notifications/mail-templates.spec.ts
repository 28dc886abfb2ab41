import { escapeHtml } from '../platform/validation/html';
import { excerptOf, headline, MailItem, renderDigest, renderInstant } from './mail-templates';
import { NotificationType } from './notification.enums';

const item = (overrides: Partial<MailItem> = {}): MailItem => ({
  type: NotificationType.REPLY,
  actorName: 'Ana <img src=x onerror=alert(1)>',
  threadTitle: 'Retorts & "fumes" <script>',
  excerpt: 'Use a <b>retort</b>\nand a hood.',
  membership: null,
  link: 'https://example.org/threads/1?a=1&b=2',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

describe('mail templates', () => {
  it('escapes every piece of user content in HTML', () => {
    const mail = renderInstant('Bob <i>', item(), 'https://example.org/settings');
    expect(mail.html).not.toMatch(/<img|<script|<b>|<i>/);
    expect(mail.html).toContain('Ana &lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('Retorts &amp; &quot;fumes&quot; &lt;script&gt;');
    expect(mail.html).toContain('href="https://example.org/threads/1?a=1&amp;b=2"');
    expect(mail.text).toContain('Ana <img src=x onerror=alert(1)> replied in “Retorts & "fumes" <script>”');
    expect(mail.text).toContain('“Use a <b>retort</b> and a hood.”');
  });

  it('keeps subjects on one line', () => {
    const mail = renderInstant('Bob', item({ threadTitle: 'Line one\r\nBcc: someone@example.org' }), null);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('ASGM Exchange: Ana <img src=x onerror=alert(1)> replied in “Line one Bcc: someone@example.org”');
  });

  it('says what happened for every type', () => {
    for (const type of Object.values(NotificationType)) expect(headline(item({ type })).length).toBeGreaterThan(10);
    expect(headline(item({ type: NotificationType.MEMBERSHIP, membership: { organizationName: 'UNEP', status: 'APPROVED', aboutRecipient: true } }))).toBe(
      'Your membership of UNEP is approved',
    );
    expect(headline(item({ type: NotificationType.MEMBERSHIP, actorName: 'Ana', membership: { organizationName: 'UNEP', status: 'PENDING', aboutRecipient: false } }))).toBe(
      'Ana asked to join UNEP',
    );
    expect(headline(item({ actorName: null, threadTitle: null }))).toBe('Someone replied in a thread');
  });

  it('lists a digest and shortens long excerpts', () => {
    const digest = renderDigest('Bob', [item(), item({ type: NotificationType.MENTION })], null);
    expect(digest.subject).toBe('ASGM Exchange: your daily digest (2 notifications)');
    expect(digest.text.match(/replied in|mentioned you in/g)).toEqual(['replied in', 'mentioned you in']);
    expect(excerptOf('x'.repeat(1000)).length).toBe(280);
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });
});
