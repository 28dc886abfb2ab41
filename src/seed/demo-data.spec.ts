import { topicTreeSlugs } from '../forum/topics/topic-tree';
import organizationsFile from './data/organizations.json';
import threadsFile from './data/threads.json';
import usersFile from './data/users.json';
import flagsFile from './data/flags.json';
import { DEMO_FLAGS, DEMO_ORGANIZATIONS, DEMO_THREADS, DEMO_USERS, loadDemoContent, loadDemoFlags } from './demo-data';

const TOPICS = new Set(topicTreeSlugs());
const FILES = { organizations: organizationsFile, users: usersFile, threads: threadsFile };
/** The files with one item replaced by `change(item)`: a deep copy, the real data stays as it is. */
const withChange = (file: keyof typeof FILES, index: number, change: (item: any) => void) => {
  const copy = JSON.parse(JSON.stringify(FILES)) as Record<keyof typeof FILES, any[]>;
  change(copy[file][index]);
  return copy;
};

describe('the demo data files (src/seed/data/*.json)', () => {
  it('load: organizations, sample people and sample threads', () => {
    expect(DEMO_ORGANIZATIONS.length).toBeGreaterThan(0);
    expect(DEMO_USERS.length).toBeGreaterThan(0);
    expect(DEMO_THREADS.length).toBeGreaterThanOrEqual(25);
    expect(loadDemoContent(FILES, TOPICS)).toEqual({ organizations: DEMO_ORGANIZATIONS, users: DEMO_USERS, threads: DEMO_THREADS });
  });

  it('a malformed file fails at load, naming the file and the bad value', () => {
    expect(() => loadDemoContent(withChange('users', 3, (u) => (u.email = 42)), TOPICS)).toThrow(
      'src/seed/data/users.json is malformed: [3].email must be a string (got number)',
    );
    expect(() => loadDemoContent(withChange('users', 0, (u) => (u.displayName = 'A Real Name')), TOPICS)).toThrow(
      'src/seed/data/users.json is malformed: [0].displayName must be a name ending with " (demo)": "A Real Name"',
    );
    expect(() => loadDemoContent(withChange('organizations', 1, (o) => (o.emailDomains = ['unido.org'])), TOPICS)).toThrow(
      'src/seed/data/organizations.json is malformed: [1].emailDomains[0] must be an invented subdomain of example.org: "unido.org"',
    );
    expect(() => loadDemoContent(withChange('threads', 0, (t) => (t.body = 'No demo line')), TOPICS)).toThrow(
      'src/seed/data/threads.json is malformed: [0].body must be markdown ending with',
    );
    expect(() => loadDemoContent(withChange('threads', 0, (t) => (t.replies[0].votes = [{ voterKey: 'lena', value: 2 }])), TOPICS)).toThrow(
      'src/seed/data/threads.json is malformed: [0].replies[0].votes[0].value must be one of 1, -1: 2',
    );
  });

  it('every key names something: organizations, users, topics', () => {
    expect(() => loadDemoContent(withChange('users', 0, (u) => (u.organizationKey = 'nobody')), TOPICS)).toThrow(
      'src/seed/data/users.json is malformed: [0].organizationKey names no organization in organizations.json: "nobody"',
    );
    expect(() => loadDemoContent(withChange('threads', 2, (t) => (t.topicSlug = 'no-such-topic')), TOPICS)).toThrow(
      'src/seed/data/threads.json is malformed: [2].topicSlug names no topic of the topic tree: "no-such-topic"',
    );
    expect(() => loadDemoContent(withChange('threads', 0, (t) => (t.replies[0].replies[0].authorKey = 'ghost')), TOPICS)).toThrow(
      'src/seed/data/threads.json is malformed: [0].replies[0].replies[0].authorKey names no user in users.json: "ghost"',
    );
    expect(() => loadDemoContent(withChange('users', 1, (u) => (u.key = 'lena')), TOPICS)).toThrow('src/seed/data/users.json is malformed: [1].key "lena" appears twice: keys are unique');
  });

  it('expert profiles: a VERIFIED one needs the role EXPERT, a PENDING one the role MEMBER, and topics of the tree', () => {
    const kofi = (usersFile as any[]).findIndex((u) => u.key === 'kofi');
    const nadia = (usersFile as any[]).findIndex((u) => u.key === 'nadia');
    expect(() => loadDemoContent(withChange('users', kofi, (u) => (u.role = 'MEMBER')), TOPICS)).toThrow(
      `src/seed/data/users.json is malformed: [${kofi}].role must be EXPERT for a VERIFIED expert profile`,
    );
    expect(() => loadDemoContent(withChange('users', nadia, (u) => (u.role = 'EXPERT')), TOPICS)).toThrow(
      `src/seed/data/users.json is malformed: [${nadia}].role must be MEMBER while the expert application is PENDING`,
    );
    expect(() => loadDemoContent(withChange('users', kofi, (u) => (u.expert.topicSlugs = ['no-such-topic'])), TOPICS)).toThrow(
      `src/seed/data/users.json is malformed: [${kofi}].expert.topicSlugs[0] names no topic of the topic tree: "no-such-topic"`,
    );
    expect(() => loadDemoContent(withChange('users', kofi, (u) => (u.expert.languages = [])), TOPICS)).toThrow(
      `src/seed/data/users.json is malformed: [${kofi}].expert.languages must name at least one language`,
    );
  });

  it('demo flags: open flags by several demo people, one target each, enough reporters to auto-hide one reply; bad references fail at load', () => {
    expect(DEMO_FLAGS.length).toBeGreaterThanOrEqual(3);
    expect(new Set(DEMO_FLAGS.flatMap((f) => f.reporters.map((r) => r.key))).size).toBeGreaterThanOrEqual(3);
    expect(Math.max(...DEMO_FLAGS.filter((f) => f.target.post).map((f) => f.reporters.length))).toBeGreaterThanOrEqual(3);
    const flags = (change: (f: any[]) => void) => {
      const copy = JSON.parse(JSON.stringify(flagsFile));
      change(copy);
      return () => loadDemoFlags(copy, DEMO_USERS, DEMO_THREADS);
    };
    expect(flags(() => undefined)()).toEqual(DEMO_FLAGS);
    expect(flags((f) => (f[0].target = { post: 'no-such-reply' }))).toThrow('src/seed/data/flags.json is malformed: [0].target names no demo thread, keyed reply or person: "no-such-reply"');
    expect(flags((f) => (f[0].target = { post: 'sluice-spam', user: 'yaw' }))).toThrow('[0].target names exactly one of thread, post or user');
    expect(flags((f) => f[0].reporters.push({ key: f[0].reporters[0].key }))).toThrow('flags the same target twice');
    expect(flags((f) => (f[2].reporters[0].key = f[2].target.user))).toThrow('nobody flags their own content or account');
    expect(flags((f) => (f[0].reporters[0].key = 'ghost'))).toThrow('[0].reporters[0].key names no user in users.json: "ghost"');
    expect(flags((f) => (f[0].reporters[0].note = 'A real complaint'))).toThrow('[0].reporters[0].note must be a note saying "(demo flag)"');
  });
});
