import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Viewer } from '../../access/viewer';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { BadInputError, ConflictError, NotFoundError, RateLimitedError } from '../../platform/errors/domain-errors';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { OnDomainEvent } from '../../platform/events/on-domain-event.decorator';
import { RateLimit } from '../../platform/rate-limit/rate-limit.types';
import { RateLimiter } from '../../platform/rate-limit/rate-limiter.service';
import { FailureCounter } from '../../platform/rate-limit/failure-counter.service';
import type { UserRegisteredEvent } from '../identity.events';
import { TokensService } from '../auth/tokens.service';
import { hashPassword, verifyPassword } from '../users/passwords';
import { UserEntity } from '../users/user.entity';
import { User } from '../users/user.type';
import { AccountTokenPurpose } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';
import { AccountMailKind } from './accounts.events';

const INVALID_LINK = 'This link is invalid, already used or expired; ask for a new one.';
const MAILS_THROTTLED = 'Too many emails were sent for this account; try again later.';
const WRONG_PASSWORD = 'The password is incorrect.';

/** The rule of `register` for a password, for the operations that set a new one. */
function checkNewPassword(password: unknown, field: string): string {
  if (typeof password !== 'string' || password.length < 10 || password.length > 256) throw new BadInputError(`${field} must be 10 to 256 characters`, field);
  return password;
}

function checkEmail(email: unknown, field: string): string {
  const normalized = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (normalized.length > 254 || !isEmail(normalized)) throw new BadInputError(`${field} must be a valid email address`, field);
  return normalized;
}

/**
 * The account's own life beyond signing in: verifying the email (and a new one), resetting a
 * forgotten password by mail, changing the password. Tokens are single use, expire, and are
 * stored hashed (`AccountTokensRepository`); the mails go through the `account.mail` event, which
 * the notifications floor sends after commit.
 */
@Injectable()
export class AccountsService implements OnModuleDestroy {
  private readonly logger = new Logger('Accounts');
  private readonly background = new Set<Promise<unknown>>();
  private readonly mailsPerAccount: RateLimit;
  private readonly resetMailsPerAddress: RateLimit;
  private readonly resetsPerIp: RateLimit;
  private readonly passwordChecks: RateLimit;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: AccountTokensRepository,
    private readonly sessions: TokensService,
    private readonly events: DomainEventBus,
    private readonly rateLimiter: RateLimiter,
    private readonly failures: FailureCounter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mailsPerAccount = { name: 'account.mail', limit: config.accountMailsPerHour, windowSeconds: 3600, message: MAILS_THROTTLED };
    this.resetMailsPerAddress = { ...this.mailsPerAccount, name: 'password-reset.address' };
    this.resetsPerIp = { name: 'password-reset.ip', limit: config.loginMaxAttemptsPerIp, windowSeconds: config.loginThrottleWindowSeconds };
    this.passwordChecks = { name: 'account.password-check', limit: config.loginMaxAttemptsPerAccount, windowSeconds: config.loginThrottleWindowSeconds, message: 'Too many wrong passwords; try again later.' };
  }

  /** A new account gets its verification mail (in the registration's transaction), when verification is required. */
  @OnDomainEvent('user.registered')
  async onRegistered({ user }: UserRegisteredEvent, manager: EntityManager): Promise<void> {
    if (!this.config.requireEmailVerification) return;
    await this.rateLimiter.hit(this.mailsPerAccount, user.id);
    await this.mailToken(manager, user, AccountMailKind.VERIFY_EMAIL, user.email);
  }

  /**
   * Follows a verification link: the address it was sent to becomes the account's verified email
   * (for a `changeEmail` link, the new address replaces the old one). Works signed in or not.
   */
  async verifyEmail(token: string): Promise<User> {
    return this.withConflict(() =>
      this.dataSource.transaction(async (manager) => {
        const used = await this.tokens.consume(manager, AccountTokenPurpose.VERIFY_EMAIL, token);
        const user = used && (await this.lockUser(manager, used.userId));
        // a link to an address that is neither the email nor the pending one any more is stale
        if (!used || !user || (used.email !== user.email && used.email !== user.pendingEmail)) throw new BadInputError(INVALID_LINK, 'token');
        if (used.email !== user.email) {
          await manager.query(`UPDATE users SET email = $2, email_verified_at = now(), pending_email = NULL, updated_at = now() WHERE id = $1`, [user.id, used.email]);
          // links sent to the old address stop working
          await this.tokens.expireUnused(manager, user.id, AccountTokenPurpose.RESET_PASSWORD);
        } else {
          await manager.query(`UPDATE users SET email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1`, [user.id]);
        }
        await this.events.emit(manager, 'user.access-changed', { userId: user.id });
        return User.fromEntity(await manager.getRepository(UserEntity).findOneByOrFail({ id: user.id }));
      }),
    );
  }

  /**
   * Sends the verification link again: to the pending address when a change is pending, else to
   * the email while it is unverified. False when there is nothing to verify.
   */
  async resendVerification(viewer: Viewer): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.lockUser(manager, viewer.id);
      if (!user) throw new NotFoundError('The account');
      const to = user.pendingEmail ?? (user.emailVerifiedAt ? null : user.email);
      if (to === null) return false;
      await this.rateLimiter.consume(this.mailsPerAccount, user.id);
      await this.mailToken(manager, user, to === user.email ? AccountMailKind.VERIFY_EMAIL : AccountMailKind.CONFIRM_NEW_EMAIL, to);
      return true;
    });
  }

  /**
   * Mails a reset link when the address is an account's, and answers true either way, after the
   * same steps: the limits (per client IP: RATE_LIMITED, the same for any address; per address:
   * silently), then the answer. Looking the address up, storing the token and mailing happen
   * after the answer, in the background, so that its timing tells nothing (a write's commit
   * alone took ~14 ms more than a read-only lookup when measured inline).
   */
  async requestPasswordReset(email: string, ip?: string | null): Promise<boolean> {
    await this.rateLimiter.consume(this.resetsPerIp, ip || 'unknown');
    const address = typeof email === 'string' ? email.trim().toLowerCase() : '';
    if (address.length > 254) return true;
    if (!(await this.rateLimiter.hit(this.resetMailsPerAddress, address)).allowed) return true;
    const work = this.mailReset(address)
      .catch((err: unknown) => this.logger.warn({ err }, 'password reset could not be prepared'))
      .finally(() => this.background.delete(work));
    this.background.add(work);
    return true;
  }

  private async mailReset(address: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOneBy({ email: address });
      if (user) await this.mailToken(manager, user, AccountMailKind.RESET_PASSWORD, user.email);
    });
  }

  /** Reset requests still being prepared finish before the app stops. */
  async onModuleDestroy(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  /**
   * Sets a new password with a reset link: every session of the account ends (sign in again), and
   * the email counts as verified (the link proved the mailbox). The other reset links stop working.
   */
  async resetPassword(token: string, newPassword: string): Promise<boolean> {
    const password = checkNewPassword(newPassword, 'newPassword');
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      const used = await this.tokens.consume(manager, AccountTokenPurpose.RESET_PASSWORD, token);
      const user = used && (await this.lockUser(manager, used.userId));
      if (!used || !user || used.email !== user.email) throw new BadInputError(INVALID_LINK, 'token');
      await manager.query(
        `UPDATE users SET password_hash = $2, email_verified_at = coalesce(email_verified_at, now()), updated_at = now() WHERE id = $1`,
        [user.id, passwordHash],
      );
      await this.tokens.expireUnused(manager, user.id, AccountTokenPurpose.RESET_PASSWORD);
      await this.sessions.revokeAllOf(user.id, manager);
      await this.events.emit(manager, 'user.access-changed', { userId: user.id });
      await this.notice(manager, user, AccountMailKind.PASSWORD_CHANGED);
    });
    return true;
  }

  /** Changes the password, given the current one; the account's other sessions end, this one stays. */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string): Promise<boolean> {
    const password = checkNewPassword(newPassword, 'newPassword');
    const user = await this.checkPassword(viewer, currentPassword);
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [user.id, passwordHash]);
      await this.tokens.expireUnused(manager, user.id, AccountTokenPurpose.RESET_PASSWORD);
      await this.sessions.revokeAllOf(user.id, manager, viewer.loginSessionId ?? null);
      await this.notice(manager, user, AccountMailKind.PASSWORD_CHANGED);
    });
    return true;
  }

  /**
   * Asks to change the email: a link goes to the new address, a notice to the current one (when verified). The
   * current email stays in force (sign-in, mail, verification state) until the link is followed;
   * asking again replaces the pending address. CONFLICT when another account has the address.
   */
  async changeEmail(viewer: Viewer, newEmail: string, password: string): Promise<User> {
    const address = checkEmail(newEmail, 'newEmail');
    const user = await this.checkPassword(viewer, password);
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lockUser(manager, user.id);
      if (!locked) throw new NotFoundError('The account');
      if (address === locked.email) {
        // back to the current address: the pending change is dropped
        await manager.query(`UPDATE users SET pending_email = NULL, updated_at = now() WHERE id = $1`, [locked.id]);
        await this.tokens.expireUnused(manager, locked.id, AccountTokenPurpose.VERIFY_EMAIL);
      } else {
        const taken: unknown[] = await manager.query(`SELECT 1 FROM users WHERE email = $1`, [address]);
        if (taken.length) throw new ConflictError('An account with this email already exists.');
        await this.rateLimiter.consume(this.mailsPerAccount, locked.id);
        await manager.query(`UPDATE users SET pending_email = $2, updated_at = now() WHERE id = $1`, [locked.id, address]);
        await this.mailToken(manager, locked, AccountMailKind.CONFIRM_NEW_EMAIL, address);
        // the notice goes to a verified address only: an unverified one may be somebody else's
        if (locked.emailVerifiedAt) await this.notice(manager, locked, AccountMailKind.EMAIL_CHANGE_REQUESTED);
      }
      return User.fromEntity(await manager.getRepository(UserEntity).findOneByOrFail({ id: locked.id }));
    });
  }

  /** The viewer's account, when `password` is theirs; wrong guesses are limited like sign-ins. */
  private async checkPassword(viewer: Viewer, password: string): Promise<UserEntity> {
    const attempt = await this.failures.attempt(this.passwordChecks, viewer.id);
    if (!attempt.allowed) throw new RateLimitedError(attempt.retryAfterSeconds, this.passwordChecks.message);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: viewer.id });
    if (!user) throw new NotFoundError('The account');
    if (typeof password !== 'string' || password.length > 256 || !(await verifyPassword(user.passwordHash, password))) {
      throw new BadInputError(WRONG_PASSWORD, 'password');
    }
    await this.failures.succeeded(this.passwordChecks, viewer.id);
    return user;
  }

  /** Issues a VERIFY_EMAIL or RESET_PASSWORD token for `to` and has it mailed after commit. */
  private async mailToken(manager: EntityManager, user: UserEntity, kind: AccountMailKind, to: string): Promise<void> {
    const reset = kind === AccountMailKind.RESET_PASSWORD;
    const purpose = reset ? AccountTokenPurpose.RESET_PASSWORD : AccountTokenPurpose.VERIFY_EMAIL;
    const ttlMs = reset ? this.config.passwordResetTtlMinutes * 60_000 : this.config.emailVerificationTtlHours * 3_600_000;
    const { token, expiresAt } = await this.tokens.issue(manager, user.id, purpose, to, ttlMs);
    await this.events.emit(manager, 'account.mail', { kind, to, displayName: user.displayName, token, expiresAt });
  }

  private async notice(manager: EntityManager, user: UserEntity, kind: AccountMailKind): Promise<void> {
    await this.events.emit(manager, 'account.mail', { kind, to: user.email, displayName: user.displayName, token: null, expiresAt: null });
  }

  private lockUser(manager: EntityManager, userId: string): Promise<UserEntity | null> {
    return manager.getRepository(UserEntity).createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id: userId }).getOne();
  }

  /** Another account took the address between the request and the link: CONFLICT, nothing changed. */
  private async withConflict<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const constraint = (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint) || '';
      if (constraint === 'users_email_key') throw new ConflictError('An account with this email already exists.');
      throw err;
    }
  }
}
