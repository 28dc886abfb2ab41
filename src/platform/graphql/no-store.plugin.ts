import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';

const NO_STORE: GraphQLRequestListener<Record<string, unknown>> = {
  async willSendResponse({ response }) {
    response.http.headers.set('cache-control', 'no-store');
  },
};

/**
 * `cache-control: no-store` on every GraphQL answer (they depend on the viewer: no shared cache
 * may keep them), as Apollo's cache-control plugin answered without cache hints, but without its
 * per-field work. One listener object for all requests.
 */
export function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return NO_STORE;
    },
  };
}
