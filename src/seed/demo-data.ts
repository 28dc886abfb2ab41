import { topicTreeSlugs } from '../forum/topics/topic-tree';
import { arrayOf, boolean, Check, checkDataFile, dataFileError, nullable, object, oneOf, optional, string } from '../platform/validation/data-file';
import organizationsFile from './data/organizations.json';
import threadsFile from './data/threads.json';
import usersFile from './data/users.json';
import liveSessionsFile from './data/live-sessions.json';
import flagsFile from './data/flags.json';

/**
 * Demo content, loaded when SEED_DEMO is on (see SeedService): real partner organizations
 * (with invented example.org email domains), and clearly labelled SAMPLE people and SAMPLE
 * threads, in src/seed/data/*.json. Every demo person's display name ends with " (demo)" and
 * every demo thread body ends with the line "_Sample thread (demo data)._". No real person is
 * represented. The files are checked when loaded (shape, these labels, and that every key names
 * something), so a malformed file stops the start with the file and the bad value named.
 *
 * The demo accounts' password is not here: it is DEMO_PASSWORD from the environment, or a random
 * one generated per database when the demo is seeded.
 */

export type SectorCode = 'GOVERNMENT' | 'IGO' | 'NGO' | 'ACADEMIA' | 'PRIVATE_SECTOR';

export interface DemoOrganization {
  key: string;
  name: string;
  acronym: string;
  sector: SectorCode;
  /** ISO 3166-1 alpha-2, null for international bodies. */
  country: string | null;
  /** Invented subdomains of example.org only; never real domains. */
  emailDomains: string[];
}

export interface DemoUser {
  key: string;
  /** Lowercase, [a-z0-9_-], 3-30 chars. */
  handle: string;
  /** Always ends with " (demo)". */
  displayName: string;
  /** @example.org or @example.com addresses only. */
  email: string;
  role: 'ADMIN' | 'MODERATOR' | 'EXPERT' | 'MEMBER';
  organizationKey: string | null;
  /** ORG_ADMIN only of a fictional organization (name ending " (demo)"), never of a real one. */
  orgRole?: 'MEMBER' | 'ORG_ADMIN';
  country: string | null;
  /** BCP-47 language tags. */
  languages: string[];
  /**
   * The user's expert profile: VERIFIED (default; the user's role is EXPERT) or PENDING (an
   * application waiting for review; the role is MEMBER). Sample text, labelled "(demo)".
   */
  expert?: {
    status?: 'VERIFIED' | 'PENDING';
    headline: string;
    /** Markdown; starts with a "(demo)" label in its own language. */
    bio: string;
    /** BCP-47 tag of the language headline and bio are written in (default: the first of languages). */
    language?: string;
    /** 1 to 10 topics of the topic tree. */
    topicSlugs: string[];
    countries: string[];
    /** 1 to 10. */
    languages: string[];
    availableForQuestions?: boolean;
  };
}

export interface DemoReply {
  /** Names the reply for other demo files (flags.json); unique across threads.json. */
  key?: string;
  authorKey: string;
  /** Markdown. */
  body: string;
  /** Nested replies to this reply. */
  replies?: DemoReply[];
  accepted?: boolean;
  votes?: { voterKey: string; value: 1 | -1 }[];
}

export interface DemoThread {
  key: string;
  kind: 'QUESTION' | 'DISCUSSION' | 'ANNOUNCEMENT';
  /** 5-200 chars. */
  title: string;
  /** Markdown; always ends with "\n\n_Sample thread (demo data)._". */
  body: string;
  topicSlug: string;
  /** Lowercase, max 5. */
  tags: string[];
  visibility: { scope: 'PUBLIC' | 'MEMBERS' | 'SECTORS'; sectors?: SectorCode[] };
  /** BCP-47 language tag. */
  language: string;
  authorKey: string;
  pinned?: boolean;
  replies: DemoReply[];
}

export interface DemoLiveQuestion {
  authorKey: string;
  body: string;
  upvoterKeys: string[];
  status?: 'OPEN' | 'HIGHLIGHTED' | 'ANSWERED' | 'DISMISSED';
  /** With ANSWERED: the answer as the host marked it. */
  answer?: string;
}

/** A demo live session: an upcoming one (RSVPs, pre-asked questions) or an ended one (archived into a thread). */
export interface DemoLiveSession {
  key: string;
  /** 5-200 chars, ends with "(demo)". */
  title: string;
  /** Says it is demo data. */
  description: string;
  topicSlug: string;
  /** The first one schedules it: a VERIFIED expert or staff in users.json. */
  hostKeys: string[];
  status: 'SCHEDULED' | 'ENDED';
  /** Hours from the seed time to the start (negative: in the past, for ENDED). */
  startInHours: number;
  durationMinutes: number;
  capacity: number | null;
  visibility: { scope: 'PUBLIC' | 'MEMBERS' | 'SECTORS'; sectors?: SectorCode[] };
  rsvpKeys: string[];
  /** ENDED only: the summary of the archive. */
  summary?: string;
  questions: DemoLiveQuestion[];
}

/**
 * Open demo flags, made through the same service as `flagContent` once the demo content is in
 * place: by demo people (`reporters`, each once), on a demo thread (`thread`: its key), reply
 * (`post`: a reply's `key` in threads.json) or person (`user`). Enough reporters on a thread or
 * reply hide it at once, as in production (FLAG_AUTO_HIDE_THRESHOLD, 3 by default).
 */
export interface DemoFlag {
  target: { thread?: string; post?: string; user?: string };
  reason: 'SPAM' | 'OFFENSIVE' | 'OFF_TOPIC' | 'MISINFORMATION' | 'OTHER';
  /** Notes say they are demo data ("(demo flag)") when given. */
  reporters: { key: string; note?: string }[];
}

export interface DemoContent {
  organizations: DemoOrganization[];
  users: DemoUser[];
  threads: DemoThread[];
}

const FILES = {
  organizations: 'src/seed/data/organizations.json',
  users: 'src/seed/data/users.json',
  threads: 'src/seed/data/threads.json',
  liveSessions: 'src/seed/data/live-sessions.json',
  flags: 'src/seed/data/flags.json',
} as const;

const key = string({ pattern: /^[a-z0-9-]+$/, what: 'a key of lower-case letters, digits and "-"' });
const sector = oneOf<SectorCode>('GOVERNMENT', 'IGO', 'NGO', 'ACADEMIA', 'PRIVATE_SECTOR');
const country = string({ pattern: /^[A-Z]{2}$/, what: 'an ISO 3166-1 alpha-2 code such as "GH"' });
const language = string({ pattern: /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, what: 'a BCP-47 language tag such as "en"' });

const organization = object<DemoOrganization>({
  key,
  name: string({ minLength: 2 }),
  acronym: string(),
  sector,
  country: nullable(country),
  emailDomains: arrayOf(string({ pattern: /^[a-z0-9-]+\.example\.org$/, what: 'an invented subdomain of example.org' })),
});

const user = object<DemoUser>({
  key,
  handle: string({ pattern: /^[a-z0-9_-]{3,30}$/, what: '3 to 30 of [a-z0-9_-]' }),
  displayName: string({ pattern: / \(demo\)$/, what: 'a name ending with " (demo)"' }),
  email: string({ pattern: /^[^@\s]+@example\.(org|com)$/, what: 'an @example.org or @example.com address' }),
  role: oneOf('ADMIN', 'MODERATOR', 'EXPERT', 'MEMBER'),
  organizationKey: nullable(key),
  orgRole: optional(oneOf('MEMBER', 'ORG_ADMIN')),
  country: nullable(country),
  languages: arrayOf(language),
  expert: optional(
    object<NonNullable<DemoUser['expert']>>({
      status: optional(oneOf('VERIFIED', 'PENDING')),
      headline: string({ minLength: 1, maxLength: 160 }),
      bio: string({ pattern: /\(demo\)/, what: 'a sample bio labelled "(demo)"' }),
      language: optional(language),
      topicSlugs: arrayOf(string(), { maxLength: 10 }),
      countries: arrayOf(country),
      languages: arrayOf(language, { maxLength: 10 }),
      availableForQuestions: optional(boolean()),
    }),
  ),
});

const reply: Check<DemoReply> = object<DemoReply>({
  key: optional(key),
  authorKey: key,
  body: string({ minLength: 1 }),
  replies: optional(arrayOf((value, at) => reply(value, at))),
  accepted: optional(boolean()),
  votes: optional(arrayOf(object<{ voterKey: string; value: 1 | -1 }>({ voterKey: key, value: oneOf(1, -1) }))),
});

const thread = object<DemoThread>({
  key,
  kind: oneOf('QUESTION', 'DISCUSSION', 'ANNOUNCEMENT'),
  title: string({ minLength: 5, maxLength: 200 }),
  body: string({ pattern: /\n\n_Sample thread \(demo data\)\._$/, what: 'markdown ending with "\\n\\n_Sample thread (demo data)._"' }),
  topicSlug: string(),
  tags: arrayOf(string({ pattern: /^[^A-Z]+$/, what: 'a lower-case tag' }), { maxLength: 5 }),
  visibility: object<DemoThread['visibility']>({ scope: oneOf('PUBLIC', 'MEMBERS', 'SECTORS'), sectors: optional(arrayOf(sector)) }),
  language,
  authorKey: key,
  pinned: optional(boolean()),
  replies: arrayOf(reply),
});

const liveQuestion = object<DemoLiveQuestion>({
  authorKey: key,
  body: string({ pattern: /\(demo\)$/, what: 'a question ending with "(demo)"', maxLength: 1000 }),
  upvoterKeys: arrayOf(key),
  status: optional(oneOf('OPEN', 'HIGHLIGHTED', 'ANSWERED', 'DISMISSED')),
  answer: optional(string({ minLength: 1 })),
});

const liveSession = object<DemoLiveSession>({
  key,
  title: string({ pattern: /^.{5,200}$/, what: '5 to 200 characters' }),
  description: string({ pattern: /\(demo data\)/, what: 'a description saying "(demo data)"' }),
  topicSlug: string(),
  hostKeys: arrayOf(key, { maxLength: 10 }),
  status: oneOf('SCHEDULED', 'ENDED'),
  startInHours: (value, at) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${at}: a number of hours`);
    return value;
  },
  durationMinutes: (value, at) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 480) throw new Error(`${at}: 1 to 480 minutes`);
    return value;
  },
  capacity: (value, at) => {
    if (value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1)) throw new Error(`${at}: null or a positive integer`);
    return value as number | null;
  },
  visibility: object<DemoLiveSession['visibility']>({ scope: oneOf('PUBLIC', 'MEMBERS', 'SECTORS'), sectors: optional(arrayOf(sector)) }),
  rsvpKeys: arrayOf(key),
  summary: optional(string({ minLength: 1 })),
  questions: arrayOf(liveQuestion),
});

/** The demo live sessions, checked: labels, keys naming demo people, topic slugs, upcoming vs. ended. */
export function loadDemoLiveSessions(file: unknown, userKeys: ReadonlySet<string>, topicSlugs: ReadonlySet<string>): DemoLiveSession[] {
  const names = (f: string, at: string, what: string, value: string, known: ReadonlySet<string>): void => {
    if (!known.has(value)) throw dataFileError(f, at, `names no ${what}: "${value}"`);
  };
  const sessions = checkDataFile(FILES.liveSessions, file, arrayOf(liveSession));
  uniqueKeys(FILES.liveSessions, sessions);
  for (const [i, s] of sessions.entries()) {
    const at = `[${i}]`;
    names(FILES.liveSessions, `${at}.topicSlug`, 'topic of the topic tree', s.topicSlug, topicSlugs);
    if (!s.hostKeys.length) throw dataFileError(FILES.liveSessions, `${at}.hostKeys`, 'at least one host');
    for (const [j, k] of s.hostKeys.entries()) names(FILES.liveSessions, `${at}.hostKeys[${j}]`, 'user in users.json', k, userKeys);
    for (const [j, k] of s.rsvpKeys.entries()) names(FILES.liveSessions, `${at}.rsvpKeys[${j}]`, 'user in users.json', k, userKeys);
    for (const [j, q] of s.questions.entries()) {
      names(FILES.liveSessions, `${at}.questions[${j}].authorKey`, 'user in users.json', q.authorKey, userKeys);
      for (const [k, v] of q.upvoterKeys.entries()) names(FILES.liveSessions, `${at}.questions[${j}].upvoterKeys[${k}]`, 'user in users.json', v, userKeys);
      if (q.answer && q.status !== 'ANSWERED') throw dataFileError(FILES.liveSessions, `${at}.questions[${j}].answer`, 'an answer goes with status ANSWERED');
    }
    if ((s.status === 'SCHEDULED') !== s.startInHours > 0) throw dataFileError(FILES.liveSessions, `${at}.startInHours`, 'SCHEDULED sessions start in the future, ENDED ones in the past');
    if (s.summary !== undefined && s.status !== 'ENDED') throw dataFileError(FILES.liveSessions, `${at}.summary`, 'only ENDED sessions have a summary');
    if (!/\(demo\)$/.test(s.title)) throw dataFileError(FILES.liveSessions, `${at}.title`, 'a title ending with "(demo)"');
  }
  return sessions;
}

const demoFlag = object<DemoFlag>({
  target: object<DemoFlag['target']>({ thread: optional(key), post: optional(key), user: optional(key) }),
  reason: oneOf('SPAM', 'OFFENSIVE', 'OFF_TOPIC', 'MISINFORMATION', 'OTHER'),
  reporters: arrayOf(object<DemoFlag['reporters'][number]>({ key, note: optional(string({ pattern: /\(demo flag\)/, what: 'a note saying "(demo flag)"', maxLength: 1000 })) })),
});

/** Every reply that has a `key`, by key (unique across the file). */
export function demoReplyKeys(threads: DemoThread[]): Map<string, { threadKey: string; authorKey: string }> {
  const keys = new Map<string, { threadKey: string; authorKey: string }>();
  const walk = (replies: DemoReply[], threadKey: string, at: string): void => {
    for (const [i, r] of replies.entries()) {
      if (r.key !== undefined) {
        if (keys.has(r.key)) throw dataFileError(FILES.threads, `${at}[${i}].key`, `"${r.key}" appears twice: reply keys are unique`);
        keys.set(r.key, { threadKey, authorKey: r.authorKey });
      }
      walk(r.replies ?? [], threadKey, `${at}[${i}].replies`);
    }
  };
  for (const [i, t] of threads.entries()) walk(t.replies, t.key, `[${i}].replies`);
  return keys;
}

/**
 * The demo flags, checked: one target each, naming a demo thread, keyed reply or person;
 * reporters named in users.json, each once per target, never the target's own author.
 */
export function loadDemoFlags(file: unknown, users: DemoUser[], threads: DemoThread[]): DemoFlag[] {
  const flags = checkDataFile(FILES.flags, file, arrayOf(demoFlag));
  const userKeys = new Set(users.map((u) => u.key));
  const threadAuthors = new Map(threads.map((t) => [t.key, t.authorKey]));
  const replies = demoReplyKeys(threads);
  for (const [i, f] of flags.entries()) {
    const at = `[${i}]`;
    const named = [f.target.thread, f.target.post, f.target.user].filter((k) => k !== undefined);
    if (named.length !== 1) throw dataFileError(FILES.flags, `${at}.target`, 'names exactly one of thread, post or user');
    let author: string | undefined;
    if (f.target.thread !== undefined) author = threadAuthors.get(f.target.thread);
    else if (f.target.post !== undefined) author = replies.get(f.target.post)?.authorKey;
    else author = userKeys.has(f.target.user!) ? f.target.user : undefined;
    if (author === undefined) throw dataFileError(FILES.flags, `${at}.target`, `names no demo thread, keyed reply or person: "${named[0]}"`);
    if (!f.reporters.length) throw dataFileError(FILES.flags, `${at}.reporters`, 'at least one reporter');
    const seen = new Set<string>();
    for (const [j, r] of f.reporters.entries()) {
      if (!userKeys.has(r.key)) throw dataFileError(FILES.flags, `${at}.reporters[${j}].key`, `names no user in users.json: "${r.key}"`);
      if (seen.has(r.key)) throw dataFileError(FILES.flags, `${at}.reporters[${j}].key`, `"${r.key}" flags the same target twice`);
      if (r.key === author) throw dataFileError(FILES.flags, `${at}.reporters[${j}].key`, 'nobody flags their own content or account');
      seen.add(r.key);
    }
  }
  return flags;
}

function uniqueKeys(file: string, items: { key: string }[]): Set<string> {
  const keys = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (keys.has(item.key)) throw dataFileError(file, `[${index}].key`, `"${item.key}" appears twice: keys are unique`);
    keys.add(item.key);
  }
  return keys;
}

/** The demo content in the three files once checked: shapes, labels, unique keys, and every key and topic slug naming something. */
export function loadDemoContent(files: { organizations: unknown; users: unknown; threads: unknown }, topicSlugs: ReadonlySet<string>): DemoContent {
  const organizations = checkDataFile(FILES.organizations, files.organizations, arrayOf(organization));
  const users = checkDataFile(FILES.users, files.users, arrayOf(user));
  const threads = checkDataFile(FILES.threads, files.threads, arrayOf(thread));
  const organizationKeys = uniqueKeys(FILES.organizations, organizations);
  const userKeys = uniqueKeys(FILES.users, users);
  uniqueKeys(FILES.threads, threads);
  const names = (file: string, at: string, what: string, value: string, known: ReadonlySet<string>): void => {
    if (!known.has(value)) throw dataFileError(file, at, `names no ${what}: "${value}"`);
  };
  for (const [i, u] of users.entries()) {
    if (u.organizationKey !== null) names(FILES.users, `[${i}].organizationKey`, 'organization in organizations.json', u.organizationKey, organizationKeys);
    for (const [j, slug] of (u.expert?.topicSlugs ?? []).entries()) names(FILES.users, `[${i}].expert.topicSlugs[${j}]`, 'topic of the topic tree', slug, topicSlugs);
    if (u.expert && !u.expert.topicSlugs.length) throw dataFileError(FILES.users, `[${i}].expert.topicSlugs`, 'must name at least one topic');
    if (u.expert && !u.expert.languages.length) throw dataFileError(FILES.users, `[${i}].expert.languages`, 'must name at least one language');
    // a verified expert has the role EXPERT; an application waiting for review, the role MEMBER
    if (u.expert && (u.expert.status ?? 'VERIFIED') === 'VERIFIED' && u.role !== 'EXPERT') throw dataFileError(FILES.users, `[${i}].role`, 'must be EXPERT for a VERIFIED expert profile');
    if (u.expert?.status === 'PENDING' && u.role !== 'MEMBER') throw dataFileError(FILES.users, `[${i}].role`, 'must be MEMBER while the expert application is PENDING');
  }
  const checkReplies = (replies: DemoReply[], at: string): void => {
    for (const [i, r] of replies.entries()) {
      names(FILES.threads, `${at}[${i}].authorKey`, 'user in users.json', r.authorKey, userKeys);
      for (const [j, vote] of (r.votes ?? []).entries()) names(FILES.threads, `${at}[${i}].votes[${j}].voterKey`, 'user in users.json', vote.voterKey, userKeys);
      checkReplies(r.replies ?? [], `${at}[${i}].replies`);
    }
  };
  demoReplyKeys(threads);
  for (const [i, t] of threads.entries()) {
    names(FILES.threads, `[${i}].topicSlug`, 'topic of the topic tree', t.topicSlug, topicSlugs);
    names(FILES.threads, `[${i}].authorKey`, 'user in users.json', t.authorKey, userKeys);
    checkReplies(t.replies, `[${i}].replies`);
  }
  return { organizations, users, threads };
}

const DEMO = loadDemoContent({ organizations: organizationsFile, users: usersFile, threads: threadsFile }, new Set(topicTreeSlugs()));

export const DEMO_ORGANIZATIONS: DemoOrganization[] = DEMO.organizations;
export const DEMO_USERS: DemoUser[] = DEMO.users;
export const DEMO_THREADS: DemoThread[] = DEMO.threads;
export const DEMO_FLAGS: DemoFlag[] = loadDemoFlags(flagsFile, DEMO.users, DEMO.threads);
export const DEMO_LIVE_SESSIONS: DemoLiveSession[] = loadDemoLiveSessions(liveSessionsFile, new Set(DEMO.users.map((u) => u.key)), new Set(topicTreeSlugs()));
