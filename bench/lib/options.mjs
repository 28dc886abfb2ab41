/** Command line of `npm run bench -- [--quick] [--only <scenarios>] [--embedded] ...`. */

export const SCENARIOS = [
  { id: 1, key: 'floor', title: 'Framework floor `{ __typename }`' },
  { id: 2, key: 'list', title: 'Thread list (20 with author, organization, topic, totalCount)' },
  { id: 3, key: 'page', title: 'Thread page (50 posts, authors, viewer votes)' },
  { id: 4, key: 'reply', title: 'Posting replies, 50 connections' },
  { id: 5, key: 'search', title: 'Search (rare, medium, common terms)' },
  { id: 6, key: 'fanout', title: 'Live fan-out to one session room' },
  { id: 7, key: 'memory', title: 'Memory: idle signed-in sockets, idle process' },
  { id: 8, key: 'startup', title: 'Start-up, embedded' },
  { id: 9, key: 'fanout2', title: 'Live fan-out across two instances with Redis' },
];

/** Data sizes: the issue's full set, and a tenth of it. */
export const SIZES = {
  full: { users: 10_000, orgs: 500, threads: 100_000, posts: 1_000_000 },
  quick: { users: 1_000, orgs: 50, threads: 10_000, posts: 100_000 },
};

const USAGE = `usage: npm run bench -- [options]
  --quick              a tenth of the data and short runs (under 3 minutes)
  --only <list>        scenarios by number or name, comma-separated: ${SCENARIOS.map((s) => `${s.id}|${s.key}`).join(', ')}
  --embedded           run the service on its embedded PostgreSQL (PGlite) instead of the server
  --pg <url>           PostgreSQL server (default: $BENCH_PG_URL, $DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres);
                       the bench creates and keeps its own database (asgm_bench, asgm_bench_quick)
  --redis <url>        run the service with REDIS_URL (default: none, one instance alone); scenario 9
                       uses it, else redis://127.0.0.1:6379 (skipped when no Redis answers)
  --log-level <level>  the service's LOG_LEVEL (default info, as in production)
  --clients c|node     the receiving clients of scenarios 6 and 9: c (default) is receivers.c, socket.io's
                       protocol on one epoll loop, compiled with cc; node is socket.io-client, all of a
                       server's sockets in one Node process (1,000 of them use a whole core at 50 messages/s)
  --no-build           do not run \`npm run build\` first (measure dist/ as it is)
  --regenerate         regenerate the data even when the database already holds it
  --out <file>         where to write the Markdown table (default bench/results/latest.md; with --only, bench/.data/last-run.md)
  --help`;

export function parseArgs(argv, env = process.env) {
  const opts = {
    quick: false,
    embedded: false,
    only: null,
    build: true,
    regenerate: false,
    logLevel: 'info',
    clients: 'c',
    redisUrl: null,
    pgUrl: env.BENCH_PG_URL || env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    out: 'bench/results/latest.md',
  };
  const args = [...argv];
  const value = (name) => {
    const v = args.shift();
    if (v === undefined || v.startsWith('--')) throw new Error(`${name} needs a value\n\n${USAGE}`);
    return v;
  };
  while (args.length) {
    const a = args.shift();
    if (a === '--quick') opts.quick = true;
    else if (a === '--embedded') opts.embedded = true;
    else if (a === '--no-build') opts.build = false;
    else if (a === '--regenerate') opts.regenerate = true;
    else if (a === '--only') opts.only = selectScenarios(value(a));
    else if (a === '--pg') opts.pgUrl = value(a);
    else if (a === '--redis') opts.redisUrl = value(a);
    else if (a === '--log-level') opts.logLevel = value(a);
    else if (a === '--clients') {
      opts.clients = value(a);
      if (!['c', 'node'].includes(opts.clients)) throw new Error(`--clients: c or node, not ${opts.clients}\n\n${USAGE}`);
    }
    else if (a === '--out') {
      opts.out = value(a);
      opts.outGiven = true;
    }
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n\n${USAGE}`);
  }
  opts.sizes = opts.quick ? SIZES.quick : SIZES.full;
  opts.mode = opts.quick ? 'quick' : 'full';
  /** Seconds of each measurement and of its warm-up. */
  opts.duration = opts.quick ? 3 : 12;
  opts.warmup = opts.quick ? 1 : 3;
  return opts;
}

function selectScenarios(list) {
  const chosen = new Set();
  for (const item of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const found = SCENARIOS.find((s) => String(s.id) === item || s.key === item.toLowerCase());
    if (!found) throw new Error(`--only: no scenario "${item}" (${SCENARIOS.map((s) => `${s.id}|${s.key}`).join(', ')})`);
    chosen.add(found.id);
  }
  return chosen;
}
