import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/** Rel added to every link in user content: no SEO credit, no window.opener, user-generated. */
export const LINK_REL = 'nofollow noopener ugc';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'del'],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[\w-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

/**
 * Markdown (GFM) to safe HTML: rendered with `marked`, then sanitized with `sanitize-html`
 * (an allow-list: no script/style/iframe, no event handlers, only http, https and mailto
 * links, and every link gets rel="nofollow noopener ugc"). Raw HTML in the Markdown goes
 * through the same sanitizer.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return sanitizeHtml(html, SANITIZE).trim();
}
