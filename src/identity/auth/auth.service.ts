import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { RateLimit } from '../../platform/rate-limit/rate-limit.types';
import { RateLimiter } from '../../platform/rate-limit/rate-limiter.service';
import { FailureCounter } from '../../platform/rate-limit/failure-counter.service';
import { ConflictError, RateLimitedError, SuspendedError, UnauthenticatedError } from '../../platform/errors/domain-errors';
import { UserEntity } from '../users/user.entity';
import { User } from '../users/user.type';
import { UsersService } from '../users/users.service';
import { AuthPayload } from './auth-payload.type';
import { RegisterInput } from './dto/register.input';
import { hashPassword, verifyPassword } from '../users/passwords';
import { TokensService } from './tokens.service';
import { isSuspended } from '../../access/viewer';
import { DomainEventBus } from '../../platform/events/domain-event-bus';

const INVALID_LOGIN = 'The email or password is incorrect.';
/** One message for both login throttles: it must not tell whether the email exists. */
const LOGIN_THROTTLED = 'Too many sign-in attempts; try again later.';
const REGISTRATION_THROTTLED = 'Too many accounts were created from your network; try again later.';


@Injectable()
export class AuthService {
  private readonly loginPerIp: RateLimit;
  private readonly loginPerAccount: RateLimit;
  private readonly registrationsPerIp: RateLimit[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly rateLimiter: RateLimiter,
    private readonly failures: FailureCounter,
    private readonly events: DomainEventBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const windowSeconds = config.loginThrottleWindowSeconds;
    this.loginPerIp = { name: 'login.ip', limit: config.loginMaxAttemptsPerIp, windowSeconds, message: LOGIN_THROTTLED };
    this.loginPerAccount = { name: 'login.account-ip', limit: config.loginMaxAttemptsPerAccount, windowSeconds, message: LOGIN_THROTTLED };
    this.registrationsPerIp = [
      { name: 'register.ip.hour', limit: config.registrationsPerIpPerHour, windowSeconds: 3600, message: REGISTRATION_THROTTLED },
      { name: 'register.ip.day', limit: config.registrationsPerIpPerDay, windowSeconds: 86_400, message: REGISTRATION_THROTTLED },
    ];
  }

  /**
   * Creates an account (unverified: `user.registered` has the verification mail sent) and signs
   * it in. Every call counts against the client IP's hourly and daily limits before anything is
   * looked up, whatever its outcome: aliases in one document count one each, and a CONFLICT
   * (taken email) costs a registration like a success, so the limit bounds enumeration too.
   */
  async register(input: RegisterInput, ip?: string | null): Promise<AuthPayload> {
    for (const limit of this.registrationsPerIp) await this.rateLimiter.consume(limit, ip || 'unknown');
    const email = input.email.trim().toLowerCase();
    const handle = input.handle.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.getRepository(UserEntity).save(
          manager.getRepository(UserEntity).create({ email, handle, displayName: input.displayName.trim(), passwordHash }),
        );
        const pair = await this.tokens.issue(user.id, manager);
        await this.events.emit(manager, 'user.registered', { user });
        return { ...pair, user: User.fromEntity(user) };
      });
    } catch (err) {
      const constraint = (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint) || '';
      if (constraint === 'users_email_key') throw new ConflictError('An account with this email already exists.');
      if (constraint === 'users_handle_key') throw new ConflictError('This handle is taken.');
      throw err;
    }
  }

  /**
   * The credential check behind passport-local (LocalStrategy). Two throttles, checked before
   * any lookup so that a throttled attempt answers the same for known and unknown emails and
   * costs no password hash:
   * - per client IP, every attempt counts (LOGIN_MAX_ATTEMPTS_PER_IP per window);
   * - per account and client IP (the normalised email, whether or not it exists, with the IP),
   *   failures count (LOGIN_MAX_ATTEMPTS_PER_ACCOUNT per window) and a successful sign-in resets
   *   the count. Counted per pair, so that someone guessing from elsewhere never locks the owner
   *   out from their own network; guessing one account from many addresses is bounded by the
   *   per-IP limit of each and by argon2's cost. The attempt is counted up front and wiped on
   *   success, so concurrent guesses cannot slip past the limit.
   * Unknown email and wrong password: the same error after comparable work. SUSPENDED only
   * with the right password.
   */
  async verifyCredentials(email: string, password: string, ip?: string | null): Promise<UserEntity> {
    await this.rateLimiter.consume(this.loginPerIp, ip || 'unknown');
    const account = `${email.trim().toLowerCase()}\n${ip || 'unknown'}`;
    const attempt = await this.failures.attempt(this.loginPerAccount, account);
    if (!attempt.allowed) throw new RateLimitedError(attempt.retryAfterSeconds, LOGIN_THROTTLED);
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !ok) throw new UnauthenticatedError(INVALID_LOGIN);
    await this.failures.succeeded(this.loginPerAccount, account);
    if (isSuspended(user)) throw new SuspendedError(user.suspendedUntil);
    return user;
  }

  /** A new session for a user whose credentials passed verifyCredentials. */
  async signIn(user: UserEntity): Promise<AuthPayload> {
    const pair = await this.tokens.issue(user.id);
    return { ...pair, user: User.fromEntity(user) };
  }

  async refresh(refreshToken: string): Promise<AuthPayload> {
    const { userId, pair } = await this.tokens.rotate(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthenticatedError('The account no longer exists.');
    if (isSuspended(user)) {
      await this.tokens.revoke(pair.refreshToken);
      throw new SuspendedError(user.suspendedUntil);
    }
    return { ...pair, user: User.fromEntity(user) };
  }

  logout(refreshToken: string): Promise<boolean> {
    return this.tokens.revoke(refreshToken);
  }
}
