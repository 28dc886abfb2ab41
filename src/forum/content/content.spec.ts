import { BadInputError } from '../../platform/errors/domain-errors';
import { bodyFingerprint } from './body-fingerprint';
import { normalizeLanguage } from './language';
import { Marked } from 'marked';
import { MAX_DELIMITER_SPAN, MAX_MARKDOWN_NESTING, renderMarkdown, sanitizeRenderedHtml, WINDOW_AFTER_FAILED_OPENERS } from './markdown';
import { extractMentions } from './mentions';
import { requestHash } from './request-hash';
import { normalizeTags } from './tags';

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    expect(renderMarkdown('# Title\n\nSome **bold** and `code`.')).toBe('<h1>Title</h1>\n<p>Some <strong>bold</strong> and <code>code</code>.</p>');
  });

  it('drops script tags, event handlers and javascript: URLs', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src="x" onerror="alert(1)">\n\n[click](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)" onclick="x()">y</a>');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror|onclick/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toContain('alert(1)</script>');
  });

  it('adds rel="nofollow noopener ugc" to links and keeps http(s) links', () => {
    const html = renderMarkdown('See [UNEP](https://www.unep.org "UN Environment") and <https://planetgold.org>.');
    expect(html).toContain('<a href="https://www.unep.org" title="UN Environment" rel="nofollow noopener ugc">UNEP</a>');
    expect(html).toContain('<a href="https://planetgold.org" rel="nofollow noopener ugc">');
  });

  it('never loads remote images: each becomes a link to the image (http(s) only)', () => {
    expect(renderMarkdown('![a](https://example.org/a.png)')).toBe('<p><a href="https://example.org/a.png" rel="nofollow noopener ugc">Image: a</a></p>');
    expect(renderMarkdown('<img src="https://example.org/b.png" title="t">')).toBe('<a href="https://example.org/b.png" rel="nofollow noopener ugc" title="t">Image: https://example.org/b.png</a>');
    expect(renderMarkdown('![a](https://example.org/a.png)')).not.toMatch(/<img/);
    expect(renderMarkdown('![a](data:image/png;base64,AAAA)')).not.toContain('data:');
  });

  it('renders any nesting without overflowing the stack: deeper than MAX_MARKDOWN_NESTING is text', () => {
    for (const body of ['>'.repeat(2000), '> '.repeat(2000), '- '.repeat(3000) + 'x', '1. '.repeat(3000), '> - '.repeat(5000), '*'.repeat(20000) + 'x' + '*'.repeat(20000), '*_~'.repeat(6000) + 'x' + '~_*'.repeat(6000), '[x'.repeat(10000) + '](y)'.repeat(10000)]) {
      expect(() => renderMarkdown(body)).not.toThrow();
    }
    const quotes = renderMarkdown('>'.repeat(40) + ' deep');
    expect(quotes.match(/<blockquote>/g)).toHaveLength(MAX_MARKDOWN_NESTING);
    expect(quotes).toContain('deep');
    expect(renderMarkdown('> a\n> > b')).toBe('<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>');
  });

  it('reads a 50 kB word of delimiters and letters as text (GFM looked ahead over the rest of it at each character)', () => {
    // before: 25,000 `_a` took 2.6 s, and `*a` rendered as 182 emphases before the budget ran out
    for (const [unit, count] of [['_a', 25000], ['*a', 25000], ['~a', 25000], ['**a', 16000], ['a.', 25000]] as const) {
      const html = renderMarkdown(unit.repeat(count));
      const tags = html.match(/<(em|strong|del)>/g) ?? [];
      expect([unit, html.replace(/<[^>]+>/g, '').length >= unit.length * count - 4, tags.length <= 1]).toEqual([unit, true, true]);
    }
  });

  it('keeps every emphasis, strike-through and link of a long legitimate post', () => {
    const html = renderMarkdown('**bold** and *em* with ~~old~~ and [a link](https://example.org/x) text '.repeat(700));
    expect(html.match(/<strong>/g)).toHaveLength(700);
    expect(html.match(/<em>/g)).toHaveLength(700);
    expect(html.match(/<del>/g)).toHaveLength(700);
    expect(html.match(/<a /g)).toHaveLength(700);
  });

  it('renders ordinary documents exactly as marked alone does (the bounds act only on pathological ones)', () => {
    const alone = new Marked({ async: false, gfm: true, breaks: false });
    const documents = [
      '**bold** and *em* with ~~old~~ and [a link](https://example.org/x) text '.repeat(700),
      // an emphasis longer than MAX_DELIMITER_SPAN, a link with a long URL and a code span inside emphasis
      `Intro *${'long emphasis '.repeat(MAX_DELIMITER_SPAN / 10)}end* and **strong ${'x'.repeat(10)}**.`,
      `*see [the report](https://example.org/${'r'.repeat(2100)}) and \`${'code '.repeat(500)}\`* done`,
      // markers that open nothing: snake_case words, lone stars and bangs, then emphasis after them
      'snake_case_identifier and a * b and wow! '.repeat(1200) + '*still emphasis* and [still a link](https://example.org)',
      '> quote with *em*\n\n- item **one**\n- item ~~two~~\n\n1. first\n2. second\n\n| a | b |\n| - | - |\n| *c* | d |',
    ];
    for (const doc of documents) {
      expect(renderMarkdown(doc)).toBe(sanitizeRenderedHtml(alone.parse(doc) as string));
    }
  });

  it('looks for closers within MAX_DELIMITER_SPAN characters once a document has had WINDOW_AFTER_FAILED_OPENERS failed openers', () => {
    const failures = '[a '.repeat(WINDOW_AFTER_FAILED_OPENERS);
    expect(renderMarkdown(`${failures}*${'x '.repeat(MAX_DELIMITER_SPAN / 4)}x*`)).toMatch(/<em>/);
    expect(renderMarkdown(`${failures}*${'x '.repeat(MAX_DELIMITER_SPAN)}x*`)).not.toMatch(/<em>/);
    expect(renderMarkdown(`*${'x '.repeat(MAX_DELIMITER_SPAN)}x*`)).toMatch(/<em>/);
  });

  it('strips style and iframe', () => {
    const html = renderMarkdown('<style>body{}</style><iframe src="https://evil"></iframe><p style="color:red">x</p>');
    expect(html).toBe('<p>x</p>');
  });
});

describe('normalizeTags', () => {
  it('lower-cases, trims, dedupes and joins words with "-"', () => {
    expect(normalizeTags([' Retorts ', 'retorts', 'Mercury Free', 'ghana_field', ''])).toEqual(['retorts', 'mercury-free', 'ghana-field']);
  });

  it('allows at most 5 distinct tags', () => {
    expect(normalizeTags(['a', 'b', 'c', 'd', 'e', 'A'])).toHaveLength(5);
    expect(() => normalizeTags(['a', 'b', 'c', 'd', 'e', 'f'])).toThrow(BadInputError);
  });

  it('refuses characters outside [a-z0-9-]', () => {
    expect(() => normalizeTags(['c#'])).toThrow(BadInputError);
    expect(() => normalizeTags(['<b>'])).toThrow(BadInputError);
    expect(() => normalizeTags(['x'.repeat(33)])).toThrow(BadInputError);
  });
});

describe('normalizeLanguage', () => {
  it('defaults to en and canonicalizes case', () => {
    expect(normalizeLanguage(undefined)).toBe('en');
    expect(normalizeLanguage('FR')).toBe('fr');
    expect(normalizeLanguage('pt-br')).toBe('pt-BR');
    expect(normalizeLanguage('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(normalizeLanguage('es-419')).toBe('es-419');
  });

  it('refuses what is not a BCP-47 tag', () => {
    for (const bad of ['english', 'e', 'en_US', 'en-', '12', 'x-klingon', 'en-US-<b>']) {
      expect(() => normalizeLanguage(bad)).toThrow(BadInputError);
    }
  });
});

describe('extractMentions', () => {
  it('finds @handles once each, lower-cased, outside code and emails', () => {
    expect(extractMentions('Hi @Kofi-Demo and @lena, also @kofi-demo. mail me at a@b.org `@code` ```\n@block\n```')).toEqual(['kofi-demo', 'lena']);
  });
});

describe('requestHash', () => {
  it('does not depend on key order', () => {
    expect(requestHash({ a: 1, b: [1, 2], c: { x: 1, y: null } })).toBe(requestHash({ c: { y: null, x: 1 }, b: [1, 2], a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});

describe('bodyFingerprint (duplicate posts)', () => {
  it('is the same for the same text up to case, white space and Unicode compatibility forms', () => {
    const base = bodyFingerprint('Use a **retort** when heating amalgam.');
    expect(bodyFingerprint('  use a **RETORT**\n when   heating amalgam.\n')).toBe(base);
    expect(bodyFingerprint('Use a **ｒｅｔｏｒｔ** when heating amalgam.')).toBe(base);
  });

  it('differs for a different text', () => {
    expect(bodyFingerprint('Use a retort.')).not.toBe(bodyFingerprint('Use a retort!'));
  });
});
