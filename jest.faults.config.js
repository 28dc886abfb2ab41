/**
 * `npm run test:faults`: the fault suite (test/faults), faults injected into running instances
 * (database cut, silent network, slow database, kill -9, SIGTERM, Redis down). One file at a
 * time; the child-process scenarios run the build (`npm run test:faults` builds first).
 */
const base = require('./jest.config');

// The faults are measured on a PostgreSQL server: on the embedded database every connection shares
// one session, so a slow transaction holds up every other query and the figures mean nothing.
if (!process.env.DATABASE_URL) {
  throw new Error('npm run test:faults needs DATABASE_URL (a PostgreSQL server whose user may CREATEDB), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres');
}

module.exports = {
  ...base,
  testRegex: ['test/faults/.*\\.fault-spec\\.ts$'],
  testTimeout: 300000,
  maxWorkers: 1,
};
