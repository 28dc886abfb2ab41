import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlIdePage } from './graphql-ide.page';

/**
 * Apollo's landing page hook: a browser opening `GET /graphql` (Accept: text/html) gets the
 * IDE instead of a CSRF error. Requests that are GraphQL (POST, or GET with a query) are not
 * affected, and the CSRF prevention stays on for them.
 */
export function graphqlIdePlugin(endpoint: string): ApolloServerPlugin {
  const html = graphqlIdePage(endpoint);
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}
