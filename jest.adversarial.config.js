/**
 * `npm run test:adversarial`: the adversarial suite of issue 14 (test/hardening/*.adversarial-spec.ts),
 * run by .ci/run after `npm test` against PostgreSQL and Redis. Each spec prints its figures.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: ['test/hardening/.*\\.adversarial-spec\\.ts$'],
  testTimeout: 600000,
  maxWorkers: 1,
};
