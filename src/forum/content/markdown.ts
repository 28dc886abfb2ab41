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
 * Emphasis, strike-through and link openers (`*`, `_`, `~`, `[`) tried per document: each try
 * scans the rest of the text for its closer, so 20,000 of them would take seconds; beyond this
 * budget the remaining ones are plain text.
 */
export const MAX_MARKDOWN_DELIMITER_TRIES = 2000;

/** Containers open, and delimiters tried, while the current document is tokenized (rendering is synchronous). */
let depth = 0;
let delimiterTries = 0;

/** A container tokenizer of marked that does not open beyond MAX_MARKDOWN_NESTING (the lexer then reads its markers as text). */
function bounded<A extends unknown[], T>(open: (this: Tokenizer, ...args: A) => T, delimiter = false) {
  return function (this: Tokenizer, ...args: A): T | undefined {
    if (depth >= MAX_MARKDOWN_NESTING) return undefined;
    if (delimiter && ++delimiterTries > MAX_MARKDOWN_DELIMITER_TRIES) return undefined;
    depth++;
    try {
      return open.apply(this, args);
    } finally {
      depth--;
    }
  };
}

/**
 * A run of emphasis or punctuation delimiters this long is plain text, read in one token:
 * marked's text rule reads such a run one character at a time, looking ahead over the whole
 * run each time, and 20,000 `*` would take seconds.
 */
const DELIMITER_RUN = /^[*_~!]{32,}/;

const base = Tokenizer.prototype;
const markdown = new Marked({ async: false, gfm: true, breaks: false }).use({
  tokenizer: {
    blockquote: bounded(base.blockquote),
    list: bounded(base.list),
    emStrong: bounded(base.emStrong, true),
    del: bounded(base.del, true),
    link: bounded(base.link, true),
    reflink: bounded(base.reflink, true),
    inlineText(src: string) {
      const run = DELIMITER_RUN.exec(src);
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
  delimiterTries = 0;
  const html = markdown.parse(source) as string;
  return sanitizeHtml(html, SANITIZE).trim();
}
