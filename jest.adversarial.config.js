/**
 * `npm run test:adversarial`: the adversarial suite of issue 14 (test/hardening/*.adversarial-spec.ts)
 * and two scenarios of the fault suite that the issue names, run from their one copy in test/faults:
 * a database cut of 10 s under load (database-cut.fault-spec.ts) and a Redis restart with two
 * instances (redis.fault-spec.ts). The database cut runs the build (`npm run test:adversarial`
 * builds first). .ci/run runs it after the fault suite, which there leaves these two out.
 * Each spec prints its figures.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: ['test/hardening/.*\\.adversarial-spec\\.ts$', 'test/faults/database-cut\\.fault-spec\\.ts$', 'test/faults/redis\\.fault-spec\\.ts$'],
  testTimeout: 600000,
  maxWorkers: 1,
};
