import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriverConfig } from '@nestjs/apollo';
import { AppConfig } from '../config/app-config';
import { createGraphQLErrorFormatter } from '../errors/format-graphql-error';
import { preExecutionError } from '../http/pre-execution-error';
import { GraphQLContext, LoaderRegistry } from './loaders';
import { graphqlIdePlugin } from './ide/graphql-ide.plugin';
import { idFormatPlugin } from './id-format.plugin';
import { noStorePlugin } from './no-store.plugin';
import { queryGuardPlugin } from './query-guard.plugin';
import { describeRootTypes } from './root-type-descriptions';
import { answerReadAheadSynchronously } from './read-ahead';

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const production = config.nodeEnv === 'production';
  return {
    path: '/graphql',
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    transformSchema: (schema) => answerReadAheadSynchronously(describeRootTypes(schema)),
    transformAutoSchemaFile: true,
    // Field resolvers run without Nest's guard/interceptor/filter pipeline (~40 µs per resolved
    // field): none declares an access requirement, guard, interceptor or filter, which
    // test/platform/field-enhancers.spec.ts checks; root operations keep the whole pipeline.
    fieldResolverEnhancers: [],
    autoTransformHttpErrors: false,
    includeStacktraceInErrorResponses: !production,
    formatError: createGraphQLErrorFormatter(production),
    // off in production unless GRAPHQL_INTROSPECTION (or the IDE, which needs it) is on; field
    // suggestions ("Did you mean …?") would tell the schema all the same, so they follow it
    introspection: config.graphqlIntrospection,
    hideSchemaDetailsFromClientErrors: !config.graphqlIntrospection,
    parseOptions: { maxTokens: config.graphqlMaxTokens },
    playground: false,
    csrfPrevention: true,
    plugins: [
      // no cache hints are used: Apollo's cache-control plugin would only allocate a policy per
      // resolved field to end at `no-store`, which noStorePlugin answers once per request
      ApolloServerPluginCacheControlDisabled(),
      noStorePlugin(),
      queryGuardPlugin({
        maxComplexity: config.graphqlMaxComplexity,
        maxDepth: config.graphqlMaxDepth,
        maxAliases: config.graphqlMaxAliases,
        maxRootFields: config.graphqlMaxRootFields,
      }),
      idFormatPlugin(),
      ...(config.graphqlIde ? [graphqlIdePlugin('/graphql')] : []),
    ],
    context: ({ req, res }: { req: GraphQLContext['req']; res: unknown }) => {
      // a bad token (or a viewer that could not be loaded) is answered as a GraphQL error
      if (req.viewerError) throw preExecutionError(req, req.viewerError);
      return { req, res, loaders: new LoaderRegistry() };
    },
  };
}
