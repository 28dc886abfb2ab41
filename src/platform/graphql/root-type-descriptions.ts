import { GraphQLSchema } from 'graphql';

/**
 * Descriptions of the root types. Code-first @nestjs/graphql has no decorator for Query and
 * Mutation themselves, so they are set on the built schema (`transformSchema`), which both the
 * served schema and the committed schema.graphql go through.
 */
export const ROOT_TYPE_DESCRIPTIONS = {
  Query:
    'Reads. Operations marked "Anyone may call it" also answer anonymous callers; the others need a signed-in account ' +
    '(`Authorization: Bearer <accessToken>`): `UNAUTHENTICATED` without a valid access token, `SUSPENDED` for a suspended account. ' +
    'Content the viewer may not see is null or absent from lists and counts, exactly like content that does not exist. ' +
    'A malformed id is `BAD_USER_INPUT`; `first` above 100 is `BAD_USER_INPUT`.',
  Mutation:
    'Writes. Each operation says who may call it: signed-in operations answer `UNAUTHENTICATED` without a valid access token ' +
    'and `SUSPENDED` for a suspended account; role-restricted ones answer `FORBIDDEN` to other roles. ' +
    'Content the viewer may not see answers `NOT_FOUND`, exactly like content that does not exist. A malformed id is `BAD_USER_INPUT`.',
} as const;

export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (query && !query.description) query.description = ROOT_TYPE_DESCRIPTIONS.Query;
  const mutation = schema.getMutationType();
  if (mutation && !mutation.description) mutation.description = ROOT_TYPE_DESCRIPTIONS.Mutation;
  return schema;
}
