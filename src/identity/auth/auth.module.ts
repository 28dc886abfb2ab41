import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { accessTokenOptionsProvider } from './access-token';
import { APP_PASSPORT, createAppPassport } from './app-passport';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LocalStrategy } from './local.strategy';
import { RefreshTokenEntity } from './refresh-token.entity';
import { TokensService } from './tokens.service';
import { ViewerMiddleware } from './viewer.middleware';
import { ViewerService } from './viewer.service';

@Module({
  // secret and options come per call from ACCESS_TOKEN_OPTIONS
  imports: [TypeOrmModule.forFeature([RefreshTokenEntity]), JwtModule.register({}), UsersModule],
  providers: [
    accessTokenOptionsProvider,
    AuthService,
    AuthResolver,
    TokensService,
    ViewerService,
    LocalStrategy,
    JwtStrategy,
    { provide: APP_PASSPORT, inject: [LocalStrategy, JwtStrategy], useFactory: createAppPassport },
    ViewerMiddleware,
  ],
  // ViewerMiddleware: mounted by app.factory on the Express app, ahead of every route
  exports: [ViewerService, TokensService, ViewerMiddleware],
})
export class AuthModule {}
