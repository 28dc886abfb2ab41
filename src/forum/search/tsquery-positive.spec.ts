import { positiveTsquery } from './tsquery-positive';

describe('positiveTsquery', () => {
  it('drops excluded words under AND', () => {
    expect(positiveTsquery("'site99' & !'mercuri'")).toBe("'site99'");
    expect(positiveTsquery("('site99' & !'mercuri') | ('site99' & !'mercury')")).toBe("('site99' | 'site99')");
    expect(positiveTsquery("'a' & 'b' & !'c'")).toBe("('a' & 'b')");
    expect(positiveTsquery("'kx22b' & !( 'zzz' <-> 'yyy' )")).toBe("'kx22b'");
  });

  it('keeps phrases and prefixes; a phrase with an exclusion inside keeps its other words', () => {
    expect(positiveTsquery("'gold' <-> 'miner' & !'mercuri'")).toBe("('gold' <-> 'miner')");
    expect(positiveTsquery("'it''s':* & !'x'")).toBe("'it''s':*");
    expect(positiveTsquery("'a' <-> !'b'")).toBe("'a'");
  });

  it('null when there is nothing to drop, nothing positive left, or the text is not understood', () => {
    expect(positiveTsquery("'mercuri' & 'gold'")).toBeNull();
    expect(positiveTsquery("!'gold'")).toBeNull();
    expect(positiveTsquery("'a' | !'b'")).toBeNull();
    expect(positiveTsquery("'a' & (")).toBeNull();
  });
});
