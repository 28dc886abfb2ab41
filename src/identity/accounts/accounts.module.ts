import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { AccountTokenEntity } from './account-token.entity';
import { AccountTokensRepository } from './account-tokens.repository';
import { AccountsResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';
import { UserAccountResolver } from './user-account.resolver';

/**
 * Accounts: email verification, password reset by mail, changing password and email, and the
 * account fields of `User`. Mails leave through the `account.mail` event (notifications sends them).
 */
@Module({
  imports: [TypeOrmModule.forFeature([AccountTokenEntity]), AuthModule],
  providers: [AccountTokensRepository, AccountsService, AccountsResolver, UserAccountResolver],
})
export class AccountsModule {}
