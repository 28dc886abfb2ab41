import { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { performance } from 'node:perf_hooks';
import { MetricsService } from './metrics.service';

/**
 * Times every GraphQL operation: one histogram observation per request, when its response is
 * sent (no per-field work). Name and type come from the resolved operation; a request that
 * fails before (unparsable, invalid) counts as type `unknown`, outcome `error`.
 */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly metrics: MetricsService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<any>> {
    const start = performance.now();
    const metrics = this.metrics;
    return {
      async willSendResponse(ctx: GraphQLRequestContextWillSendResponse<any>): Promise<void> {
        const body = ctx.response.body;
        const ok = !(ctx.errors?.length || (body.kind === 'single' && body.singleResult.errors?.length));
        metrics.observeOperation(ctx.operation?.name?.value ?? (ctx.operation ? null : ctx.request.operationName), ctx.operation?.operation, ok, (performance.now() - start) / 1000);
      },
    };
  }
}
