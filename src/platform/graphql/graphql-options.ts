import { ApolloDriverConfig } from '@nestjs/apollo';
import { AppConfig } from '../config/app-config';
import { createGraphQLErrorFormatter } from '../errors/format-graphql-error';
import { GraphQLContext, LoaderRegistry } from './loaders';
import { queryGuardPlugin } from './query-guard.plugin';

export function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  const production = config.nodeEnv === 'production';
  return {
    path: '/graphql',
    autoSchemaFile: config.schemaFile ?? true,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    fieldResolverEnhancers: ['guards', 'interceptors', 'filters'],
    autoTransformHttpErrors: false,
    includeStacktraceInErrorResponses: !production,
    formatError: createGraphQLErrorFormatter(production),
    introspection: true,
    playground: false,
    csrfPrevention: true,
    plugins: [queryGuardPlugin({ maxComplexity: config.graphqlMaxComplexity, maxDepth: config.graphqlMaxDepth })],
    context: ({ req, res }: { req: GraphQLContext['req']; res: unknown }) => ({ req, res, loaders: new LoaderRegistry() }),
  };
}
