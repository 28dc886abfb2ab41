import { loadTopicTree, TOPIC_TREE, topicTreeSlugs } from './topic-tree';

describe('the topic tree data file (data/topic-tree.json)', () => {
  it('loads: 7 roots, unique slugs', () => {
    expect(TOPIC_TREE).toHaveLength(7);
    const slugs = topicTreeSlugs();
    expect(new Set(slugs).size).toBe(slugs.length);
    expect(slugs).toContain('gravity-concentration');
  });

  it('a malformed file fails at load, naming the file and the bad value', () => {
    const file = 'src/forum/topics/data/topic-tree.json is malformed';
    expect(() => loadTopicTree({ slug: 'x' })).toThrow(`${file}: the file must be an array (got object)`);
    expect(() => loadTopicTree([{ slug: 'a-topic', name: 'A topic' }])).toThrow(`${file}: [0].description must be a string (got nothing: missing)`);
    expect(() => loadTopicTree([{ slug: 'a-topic', name: 'A topic', description: '', children: [{ slug: 'Bad Slug', name: 'Bad', description: '' }] }])).toThrow(
      `${file}: [0].children[0].slug must be 2 to 60 lower-case letters and digits in words joined by "-": "Bad Slug"`,
    );
    expect(() => loadTopicTree([{ slug: 'a-topic', name: 'A topic', description: '', parent: 'x' }])).toThrow(`${file}: [0].parent is not a known property`);
    expect(() => loadTopicTree([{ slug: 'a-topic', name: 'A topic', description: '', children: [{ slug: 'a-topic', name: 'Again', description: '' }] }])).toThrow(
      `${file}: topic "a-topic" appears twice: slugs are unique`,
    );
  });
});
