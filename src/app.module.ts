import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { LoggerModule } from 'nestjs-pino';
import { AccessGuard } from './access/access.guard';
import { AuthModule } from './identity/auth/auth.module';
import { AccountsModule } from './identity/accounts/accounts.module';
import { GraphQLExceptionFilter } from './platform/errors/graphql-exception.filter';
import { graphqlOptions } from './platform/graphql/graphql-options';
import { GraphqlIdeModule } from './platform/graphql/ide/graphql-ide.module';
import { AppConfig } from './platform/config/app-config';
import { ConfigModule } from './platform/config/config.module';
import { DatabaseModule } from './platform/database/database.module';
import { EventsModule } from './platform/events/events.module';
import { ExpertsModule } from './experts/experts.module';
import { NodeLoadersModule } from './platform/graphql/node-loaders';
import { RelayModule } from './relay/relay.module';
import { HealthModule } from './platform/health/health.module';
import { createRootLogger, loggerParams, ROOT_LOGGER } from './platform/logging/logger-options';
import { MetricsModule } from './platform/metrics/metrics.module';
import { LiveSessionsModule } from './live-sessions/live-sessions.module';
import { ModerationModule } from './moderation/moderation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './identity/organizations/organizations.module';
import { PostsModule } from './forum/posts/posts.module';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SearchModule } from './forum/search/search.module';
import { SeedModule } from './seed/seed.module';
import { ThreadsModule } from './forum/threads/threads.module';
import { TopicsModule } from './forum/topics/topics.module';
import { UsersModule } from './identity/users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const rootLogger = createRootLogger(config);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(rootLogger)),
        DatabaseModule,
        MetricsModule.forRoot(config),
        EventsModule,
        NodeLoadersModule,
        RelayModule,
        ...(config.graphqlIde ? [GraphqlIdeModule] : []),
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, ...graphqlOptions(config) }),
        HealthModule,
        UsersModule,
        AuthModule,
        AccountsModule,
        OrganizationsModule,
        TopicsModule,
        ThreadsModule,
        PostsModule,
        SearchModule,
        ExpertsModule,
        LiveSessionsModule,
        ModerationModule,
        NotificationsModule,
        RealtimeModule,
        SeedModule,
        RateLimitModule,
      ],
      providers: [
        { provide: ROOT_LOGGER, useValue: rootLogger },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ transform: true, whitelist: false, forbidUnknownValues: false, stopAtFirstError: false }),
        },
      ],
    };
  }
}
