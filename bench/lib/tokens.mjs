/**
 * Access tokens for generated users, signed as the service signs them (HS256, issuer, audience,
 * `{ sub, sid, typ: 'access' }`) for the login session the generator stored for each user
 * (refresh-token family `bench-family-<n>`). Signing in a thousand users through argon2 would
 * take minutes; the service verifies these exactly like its own (the page scenario's viewer also
 * signs in through the API once, to prove the copied password hash works).
 */
import { createRequire } from 'node:module';
import { BENCH_JWT_SECRET } from './app.mjs';
import { benchId } from '../data/model.mjs';

const require = createRequire(import.meta.url);
const { JwtService } = require('@nestjs/jwt');
const jwt = new JwtService({ secret: BENCH_JWT_SECRET });

export function tokenFor(n) {
  return jwt.sign(
    { sub: benchId('user', n), sid: benchId('family', n), typ: 'access' },
    { secret: BENCH_JWT_SECRET, algorithm: 'HS256', issuer: 'asgm-exchange', audience: 'asgm-exchange-api', expiresIn: 86_400 },
  );
}
