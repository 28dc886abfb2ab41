import { ApolloServerPlugin } from '@apollo/server';
import { buildSchema, DocumentNode, GraphQLError, OperationDefinitionNode, parse } from 'graphql';
import { idFormatPlugin } from './id-format.plugin';
import { costVariables, queryGuardPlugin } from './query-guard.plugin';

const schema = buildSchema(`
  type Query { node(id: ID!): Item, items(first: Int, after: String): ItemConnection! }
  type ItemConnection { edges: [Item!]! }
  type Item { id: ID!, name(lang: String): String, items(first: Int, last: Int): ItemConnection! }
`);

/** Runs a plugin's didResolveOperation as Apollo would, for an already parsed document. */
async function run(plugin: ApolloServerPlugin, document: DocumentNode, variables: Record<string, unknown> = {}, operationName: string | null = null): Promise<GraphQLError | null> {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName));
  const listener = await plugin.requestDidStart!({} as never);
  try {
    await listener!.didResolveOperation!({ schema, document, operation, operationName, request: { variables, http: { headers: new Map() } } } as never);
    return null;
  } catch (err) {
    return err as GraphQLError;
  }
}

const UUID = '00000000-0000-4000-8000-000000000001';

describe('request plugins remember what a document tells, never what its variables tell', () => {
  it('prices the same document again for other values of its page-size variables', async () => {
    const guard = queryGuardPlugin({ maxComplexity: 500, maxDepth: 10, maxAliases: 15, maxRootFields: 10 });
    const doc = parse('query Q($first: Int, $n: String) { items(first: $first, after: $n) { edges { items(first: $first) { edges { id } } } } }');
    expect(costVariables(doc)).toEqual(['first']);
    expect(await run(guard, doc, { first: 2, n: 'a' })).toBeNull();
    expect(await run(guard, doc, { first: 2, n: 'b' })).toBeNull();
    expect((await run(guard, doc, { first: 50 }))?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(await run(guard, doc, { first: 2 })).toBeNull();
    // absent and null are different values (null: the default page size)
    expect(await run(guard, doc, {})).toBeNull();
    expect((await run(guard, doc, { first: null }))?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('prices fields under @include/@skip by their variables', async () => {
    const guard = queryGuardPlugin({ maxComplexity: 100, maxDepth: 10, maxAliases: 15, maxRootFields: 10 });
    const doc = parse('query Q($big: Boolean!) { items(first: 2) { edges { id } } more: items(first: 50) @include(if: $big) { edges { items(first: 50) { edges { id } } } } }');
    expect(costVariables(doc)).toEqual(['big']);
    expect(await run(guard, doc, { big: false })).toBeNull();
    expect((await run(guard, doc, { big: true }))?.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(await run(guard, doc, { big: false })).toBeNull();
  });

  it('checks the variables of a known document for NUL on every request, and its depth per operation', async () => {
    const guard = queryGuardPlugin({ maxComplexity: 10_000, maxDepth: 3, maxAliases: 15, maxRootFields: 10 });
    const doc = parse('query A($l: String) { node(id: "x") { name(lang: $l) } } query B { items { edges { items { edges { id } } } } }');
    expect(await run(guard, doc, { l: 'en' }, 'A')).toBeNull();
    expect((await run(guard, doc, { l: 'e\u0000n' }, 'A'))?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await run(guard, doc, {}, 'B'))?.message).toMatch(/nested 5 levels/);
    expect(await run(guard, doc, { l: 'en' }, 'A')).toBeNull();
    const literal = parse('{ node(id: "x") { name(lang: "e\\u0000n") } }');
    expect((await run(guard, literal))?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await run(guard, literal))?.extensions.code).toBe('BAD_USER_INPUT');
    // unpaired surrogates are no text either (a validator that encodes them would throw); pairs are fine
    expect((await run(guard, doc, { l: 'e\uD800n' }, 'A'))?.extensions.code).toBe('BAD_USER_INPUT');
    expect((await run(guard, doc, { l: '\uDC00' }, 'A'))?.extensions.code).toBe('BAD_USER_INPUT');
    expect(await run(guard, doc, { l: 'emoji 👍' }, 'A')).toBeNull();
  });

  it('checks the ID variables of a known document on every request, and its literals every time', async () => {
    const ids = idFormatPlugin();
    const doc = parse('query ($id: ID!) { node(id: $id) { id } }');
    expect(await run(ids, doc, { id: UUID })).toBeNull();
    expect((await run(ids, doc, { id: 'nope' }))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: '$id' });
    expect(await run(ids, doc, { id: UUID })).toBeNull();
    const literal = parse('{ node(id: "nope") { id } }');
    expect((await run(ids, literal))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'node(id)' });
    expect((await run(ids, literal))?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'node(id)' });
  });
});
