/**
 * `npm run test:faults`: the fault suite (test/faults), faults injected into running instances
 * (database cut, silent network, slow database, kill -9, SIGTERM, Redis down). One file at a
 * time; the child-process scenarios run the build (`npm run test:faults` builds first).
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: ['test/faults/.*\\.fault-spec\\.ts$'],
  testTimeout: 300000,
  maxWorkers: 1,
};
