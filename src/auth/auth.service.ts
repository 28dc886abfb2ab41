import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { ConflictError, SuspendedError, UnauthenticatedError } from '../common/errors/domain-errors';
import { UserEntity } from '../users/user.entity';
import { User } from '../users/user.type';
import { UsersService } from '../users/users.service';
import { AuthPayload } from './auth-payload.type';
import { LoginInput } from './dto/login.input';
import { RegisterInput } from './dto/register.input';
import { hashPassword, verifyPassword } from './passwords';
import { TokensService } from './tokens.service';

const INVALID_LOGIN = 'The email or password is incorrect.';

const isSuspendedUser = (u: UserEntity) => !!u.suspendedUntil && u.suspendedUntil.getTime() > Date.now();

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
  ) {}

  async register(input: RegisterInput): Promise<AuthPayload> {
    const email = input.email.trim().toLowerCase();
    const handle = input.handle.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const user = await manager.getRepository(UserEntity).save(
          manager.getRepository(UserEntity).create({ email, handle, displayName: input.displayName.trim(), passwordHash }),
        );
        const pair = await this.tokens.issue(user.id, manager);
        return { ...pair, user: User.fromEntity(user) };
      });
    } catch (err) {
      const constraint = (err instanceof QueryFailedError && (err.driverError as { constraint?: string }).constraint) || '';
      if (constraint === 'users_email_key') throw new ConflictError('An account with this email already exists.');
      if (constraint === 'users_handle_key') throw new ConflictError('This handle is taken.');
      throw err;
    }
  }

  async login(input: LoginInput): Promise<AuthPayload> {
    const user = await this.users.findByEmail(input.email);
    const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw new UnauthenticatedError(INVALID_LOGIN);
    if (isSuspendedUser(user)) throw new SuspendedError(user.suspendedUntil);
    const pair = await this.tokens.issue(user.id);
    return { ...pair, user: User.fromEntity(user) };
  }

  async refresh(refreshToken: string): Promise<AuthPayload> {
    const { userId, pair } = await this.tokens.rotate(refreshToken);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthenticatedError('The account no longer exists.');
    if (isSuspendedUser(user)) {
      await this.tokens.revoke(pair.refreshToken);
      throw new SuspendedError(user.suspendedUntil);
    }
    return { ...pair, user: User.fromEntity(user) };
  }

  logout(refreshToken: string): Promise<boolean> {
    return this.tokens.revoke(refreshToken);
  }
}
