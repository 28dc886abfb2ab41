import { snippetHtml } from './search.service';

describe('snippetHtml', () => {
  it('escapes the text and turns only the match markers into <mark>', () => {
    expect(snippetHtml('a < b & <script>x</script> \uE000retort\uE001 "q" \'s\'')).toBe(
      'a &lt; b &amp; &lt;script&gt;x&lt;/script&gt; <mark>retort</mark> &quot;q&quot; &#39;s&#39;',
    );
  });

  it('collapses whitespace', () => {
    expect(snippetHtml('  one\n\n two \t three ')).toBe('one two three');
  });
});
