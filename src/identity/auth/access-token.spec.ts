import { JwtService } from '@nestjs/jwt';
import { accessClaims, accessPayload, AccessTokenOptions, accessTokenOptionsProvider } from './access-token';

describe('access token options', () => {
  const options = accessTokenOptionsProvider.useFactory({ jwtSecret: 's'.repeat(40), jwtIssuer: 'iss', jwtAudience: 'aud', accessTokenTtlSeconds: 60 } as never) as AccessTokenOptions;
  const jwt = new JwtService({});

  it('hold the secret as a symmetric key, which signs and verifies HS256 tokens', async () => {
    expect(options.secret.type).toBe('secret');
    const token = await jwt.signAsync(accessPayload('u', 's'), { secret: options.secret as never, ...options.sign });
    expect(accessClaims(await jwt.verifyAsync(token, { secret: options.secret as never, ...options.verify }))).toEqual({ sub: 'u', sid: 's' });
    // the same secret as a string (how other tools sign) gives the same signature
    const fromString = await jwt.signAsync(accessPayload('u', 's'), { secret: 's'.repeat(40), ...options.sign });
    await expect(jwt.verifyAsync(fromString, { secret: options.secret as never, ...options.verify })).resolves.toMatchObject({ sub: 'u' });
  });

  it('refuse another secret and another algorithm', async () => {
    const other = await jwt.signAsync(accessPayload('u', 's'), { secret: 't'.repeat(40), ...options.sign });
    await expect(jwt.verifyAsync(other, { secret: options.secret as never, ...options.verify })).rejects.toThrow('invalid signature');
    const hs512 = await jwt.signAsync(accessPayload('u', 's'), { secret: 's'.repeat(40), ...options.sign, algorithm: 'HS512' });
    await expect(jwt.verifyAsync(hs512, { secret: options.secret as never, ...options.verify })).rejects.toThrow('invalid algorithm');
  });
});
