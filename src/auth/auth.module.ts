import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersModule } from '../users/users.module';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { RefreshTokenEntity } from './refresh-token.entity';
import { TokensService } from './tokens.service';
import { ViewerMiddleware } from './viewer.middleware';
import { ViewerService } from './viewer.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([RefreshTokenEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
    UsersModule,
  ],
  providers: [AuthService, AuthResolver, TokensService, ViewerService, ViewerMiddleware],
  exports: [ViewerService, TokensService, ViewerMiddleware],
})
export class AuthModule {}
