import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * Prometheus metrics (METRICS_ENABLED, default on): the MetricsService for writers, the
 * GraphQL timing plugin, and `GET /metrics`. Off, none of it exists (/metrics is 404 and
 * writers that take the service as optional record nothing).
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.metricsEnabled) return { module: MetricsModule };
    return {
      module: MetricsModule,
      providers: [MetricsService, GraphqlMetricsPlugin],
      controllers: [MetricsController],
      exports: [MetricsService],
    };
  }
}
