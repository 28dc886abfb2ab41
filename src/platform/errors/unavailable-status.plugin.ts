import { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GRAPHQL_RESPONSE_JSON, negotiatedMediaType } from '../http/media-type';

/**
 * One HTTP status for one condition, whoever asks: when the service cannot serve an operation at
 * all (every error retryable `INTERNAL_SERVER_ERROR`, no data: the database unreachable or too
 * slow), the answer is 503 under `application/graphql-response+json` and 200 under
 * `application/json`, whether the failure came while loading a signed-in viewer (before
 * execution, `preExecutionError`) or while executing an anonymous request. Partial data stays 200.
 */
@Plugin()
export class UnavailableStatusPlugin implements ApolloServerPlugin {
  async requestDidStart(): Promise<GraphQLRequestListener<any>> {
    return {
      async willSendResponse({ request, response }: GraphQLRequestContextWillSendResponse<any>): Promise<void> {
        const body = response.body;
        if (body.kind !== 'single' || body.singleResult.data || !body.singleResult.errors?.length) return;
        if (!body.singleResult.errors.every((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' && e.extensions.retryable === true)) return;
        const accept = request.http?.headers.get('accept') ?? undefined;
        if (negotiatedMediaType({ headers: { accept } }) === GRAPHQL_RESPONSE_JSON) response.http.status = 503;
      },
    };
  }
}
