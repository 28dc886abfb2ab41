import { SMTPServer } from 'smtp-server';

/** A received email, decoded enough to assert on. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtp {
  url: string;
  mails: ReceivedMail[];
  /** While > 0, messages are refused (a temporary SMTP failure) and this counts down. */
  failNext: number;
  /** With `failNext`: only messages to this address are refused (others, sent meanwhile, pass). */
  failTo: string | null;
  /** Resolves once `predicate` holds over the received mails (fails after a long safety timeout). */
  until(predicate: (mails: ReceivedMail[]) => boolean, what?: string): Promise<void>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function decodeHeaderValue(v: string): string {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** Splits a MIME message (single part or multipart/alternative) into its text and html parts. */
export function parseMail(raw: string, from: string, to: string[]): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  // Whitespace between adjacent encoded words is not part of the text (RFC 2047).
  const subject = decodeHeaderValue((/^subject:\s*(.*)$/im.exec(headers)?.[1] ?? '').replace(/\?=\s+=\?/g, '?==?'));
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw.slice(0, split) + '\r\n\r\n' + body];
  for (const part of parts) {
    const at = part.indexOf('\r\n\r\n');
    const partHeaders = part.slice(0, at);
    const content = decodeBody(partHeaders, part.slice(at + 4).replace(/\r\n$/, ''));
    if (/content-type:\s*text\/html/i.test(partHeaders)) html = content;
    else if (/content-type:\s*text\/plain/i.test(partHeaders)) text = content;
  }
  return { from, to, subject, text, html, raw };
}

/** A real SMTP server on a free loopback port that keeps what it receives. */
export async function startSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const state: TestSmtp = {
    url: '',
    mails,
    failNext: 0,
    failTo: null,
    until(predicate, what = 'mail') {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(mails)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`));
        }, 20_000);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        if (state.failNext > 0 && (state.failTo === null || recipients.includes(state.failTo))) {
          state.failNext--;
          return callback(Object.assign(new Error('Temporary failure, try again'), { responseCode: 451 }));
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), from, recipients));
        callback();
        waiters.forEach((w) => w());
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}
