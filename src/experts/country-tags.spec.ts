import { countriesInTags, tagOf } from './country-tags';

describe('countriesInTags (country match of suggestedExperts)', () => {
  it('reads ISO codes and country names in the working languages', () => {
    expect(countriesInTags(['gh', 'retort'])).toEqual(['GH']);
    expect(countriesInTags(['ghana', 'peru', 'colombia', 'indonesia'])).toEqual(['GH', 'PE', 'CO', 'ID']);
    expect(countriesInTags(['burkina-faso', 'colombie', 'perou'])).toEqual(['BF', 'CO', 'PE']);
  });

  it('ignores other tags and repeats', () => {
    expect(countriesInTags(['borax', 'mercury-free', 'annex-c'])).toEqual([]);
    expect(countriesInTags(['ghana', 'gh'])).toEqual(['GH']);
  });

  it('turns names into tags without accents', () => {
    expect(tagOf('Perú')).toBe('peru');
    expect(tagOf("Côte d’Ivoire")).toBe('cote-d-ivoire');
  });
});
