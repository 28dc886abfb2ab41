import { Marked, Tokenizer } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Rel added to every link in user content: no SEO credit, no window.opener, user-generated. */
export const LINK_REL = 'nofollow noopener ugc';

/**
 * Deepest nesting of Markdown containers rendered as such: block quotes and lists (block
 * level), emphasis, strike-through and link text (inline level). Deeper markers are kept as
 * plain text: `marked` descends recursively, and 2,000 `>` in 2 kB would otherwise overflow
 * the stack.
 */
export const MAX_MARKDOWN_NESTING = 16;

/**
 * Emphasis, strike-through and link openers that found no closer, per document: each failed
 * try scans for a closer; beyond this budget the remaining openers are plain text. Openers that
 * close cost only the text they consume, and are not counted.
 */
export const MAX_MARKDOWN_DELIMITER_TRIES = 2000;

/**
 * Once a document has had this many failed openers, an emphasis or strike-through closer is
 * looked for only within MAX_DELIMITER_SPAN characters: marked scans the whole rest of the
 * paragraph for one, so 25,000 `_a ` made 25,000 scans of up to 50 kB. Below it (every ordinary
 * post), marked renders exactly as it would alone.
 */
export const WINDOW_AFTER_FAILED_OPENERS = 32;

/** How far after an opener its closer is looked for, in a document past WINDOW_AFTER_FAILED_OPENERS. */
export const MAX_DELIMITER_SPAN = 500;

/** What marked's emphasis and strike-through tokenizers may look back at before their opener: a run of the same delimiter (longer runs are text, see DELIMITER_RUN). */
const LOOKBEHIND = 64;

/** Containers open, failed openers, and the position of the last try (by the length left), while the current document is tokenized (rendering is synchronous). */
let depth = 0;
let failedOpeners = 0;
let lastTryAt = -1;

const ALPHANUMERIC = /[\p{L}\p{N}]/u;

/**
 * Whether a tokenizer whose opening characters are `openers` would look for a closer here (an
 * approximation of CommonMark's left-flanking rule, on the safe side): `*` or `~` before a
 * non-space, `_` before a non-space and not inside a word, `[` or `![`. marked asks every
 * delimiter tokenizer at every inline position; elsewhere they answer at once.
 */
function isOpener(openers: string, src: string, prevChar: unknown): boolean {
  const c = src.charAt(0);
  if (!openers.includes(c)) return false;
  if (c === '[') return true;
  if (c === '!') return src.charAt(1) === '[';
  let i = 1;
  while (src.charAt(i) === c) i++;
  const next = src.charAt(i);
  if (next === '' || /\s/.test(next)) return false;
  return c !== '_' || typeof prevChar !== 'string' || !ALPHANUMERIC.test(prevChar);
}

/**
 * A container tokenizer of marked that does not open beyond MAX_MARKDOWN_NESTING (the lexer then
 * reads its markers as text). With `openers`, a delimiter tokenizer (emphasis `*_`,
 * strike-through `~`, links `[!`): a real opener of it that finds no closer counts once per
 * position (links and reference links are asked at the same one) against
 * MAX_MARKDOWN_DELIMITER_TRIES.
 */
function bounded<A extends [string, ...unknown[]], T>(open: (this: Tokenizer, ...args: A) => T, openers?: string) {
  return function (this: Tokenizer, ...args: A): T | undefined {
    if (depth >= MAX_MARKDOWN_NESTING) return undefined;
    const opener = openers !== undefined && isOpener(openers, args[0], args[2]);
    if (opener && failedOpeners >= MAX_MARKDOWN_DELIMITER_TRIES) return undefined;
    depth++;
    try {
      const token = open.apply(this, args);
      if (opener && !token && lastTryAt !== args[0].length) {
        lastTryAt = args[0].length;
        failedOpeners++;
      }
      return token;
    } finally {
      depth--;
    }
  };
}

type DelimiterTokenizer<T> = (this: Tokenizer, src: string, maskedSrc: string, prevChar?: string) => T;

/**
 * marked's emphasis or strike-through tokenizer, past WINDOW_AFTER_FAILED_OPENERS, given only
 * MAX_DELIMITER_SPAN characters after the opener (and LOOKBEHIND before it, which it reads for
 * the flanking rules). `maskedSrc` is the paragraph with code and links masked (same length),
 * aligned with `src` at its end; the window keeps that alignment.
 */
function windowed<T>(open: DelimiterTokenizer<T>): DelimiterTokenizer<T> {
  return function (this: Tokenizer, src, maskedSrc, prevChar) {
    if (failedOpeners < WINDOW_AFTER_FAILED_OPENERS || src.length <= MAX_DELIMITER_SPAN) return open.call(this, src, maskedSrc, prevChar);
    const at = maskedSrc.length - src.length;
    const from = Math.max(0, at - LOOKBEHIND);
    return open.call(this, src.slice(0, MAX_DELIMITER_SPAN), maskedSrc.slice(from, at + MAX_DELIMITER_SPAN), prevChar);
  };
}

/**
 * A run of emphasis or punctuation delimiters this long is plain text, read in one token:
 * marked's text rule reads such a run one character at a time, looking ahead over the whole
 * run each time, and 20,000 `*` would take seconds.
 */
const DELIMITER_RUN = /^[*_~!]{32,}/;

/**
 * A word this long made of the characters an email address may hold (no space, no `@`) is
 * plain text, read in one token: at each of its characters GFM's autolink and text rules look
 * ahead over the rest of the word for an `@`, so 25,000 `_a` (50 kB) took 2.6 s. No address,
 * URL scheme or emphasis fits in such a word (a local part has at most 64 characters; `:`
 * ends the word before `//`).
 */
const LONG_WORD = /^[\w.+!#$%&'*/=?^`{|}~-]{256,}/;

const base = Tokenizer.prototype;
const markdown = new Marked({ async: false, gfm: true, breaks: false }).use({
  tokenizer: {
    blockquote: bounded(base.blockquote),
    list: bounded(base.list),
    emStrong: bounded(windowed(base.emStrong), '*_'),
    del: bounded(windowed(base.del), '~'),
    link: bounded(base.link, '[!'),
    reflink: bounded(base.reflink, '[!'),
    inlineText(src: string) {
      const run = DELIMITER_RUN.exec(src) ?? LONG_WORD.exec(src);
      return run ? { type: 'text', raw: run[0], text: run[0] } : false;
    },
  },
});

/**
 * Images are never loaded from user content (a remote image tells its host who reads the
 * post, and when): each becomes a link to the image, labelled with its alt text.
 */
const imageAsLink: sanitizeHtml.Transformer = (_tagName, attribs) => ({
  tagName: 'a',
  attribs: { href: attribs.src ?? '', rel: LINK_REL, ...(attribs.title ? { title: attribs.title } : {}) },
  text: `Image: ${attribs.alt?.trim() || attribs.src || ''}`,
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'del'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
    img: imageAsLink,
  },
};

/**
 * Markdown (GFM) to safe HTML: rendered with `marked` (nesting bounded, see
 * MAX_MARKDOWN_NESTING), then sanitized with `sanitize-html` (an allow-list: no
 * script/style/iframe, no event handlers, only http, https and mailto links, every link gets
 * rel="nofollow noopener ugc", images become links). Raw HTML in the Markdown goes through
 * the same sanitizer.
 */
export function renderMarkdown(source: string): string {
  depth = 0;
  failedOpeners = 0;
  lastTryAt = -1;
  return sanitizeRenderedHtml(markdown.parse(source) as string);
}

/** The allow-list sanitizer renderMarkdown applies to what marked rendered (exported for the tests that compare with marked alone). */
export function sanitizeRenderedHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE).trim();
}
