import { cleanDisplayText } from './display-text';

describe('cleanDisplayText', () => {
  it('removes bidi controls, zero-width characters, controls and the BOM; folds white space', () => {
    expect(cleanDisplayText('Ana\u202Egnp.exe')).toBe('Anagnp.exe');
    expect(cleanDisplayText('\u2066adm\u200Bin\u2069\uFEFF')).toBe('admin');
    expect(cleanDisplayText('  a\u0007b\tc\n\nd\u200E  ')).toBe('ab c d');
    expect(cleanDisplayText('\u200B \u200B')).toBe('');
  });

  it('keeps letters of every script, emoji and ordinary punctuation', () => {
    expect(cleanDisplayText('José Ñúñez — 山田 · عربى 👍')).toBe('José Ñúñez — 山田 · عربى 👍');
  });
});
