import { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { DocumentNode, GraphQLError, visit } from 'graphql';
import { ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DocumentMemo } from './document-memo';
import { aliasesOverLimit, repeatedField, rootFieldCount, selectionDepth } from './operation-shape';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination/connection.types';

export { selectionDepth } from './operation-shape';

/** The limits of one operation (GRAPHQL_MAX_*; see the README's "Limits"). */
export interface QueryLimits {
  maxComplexity: number;
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
}

/**
 * Price of a root field beyond its children: nearly every one is at least one database
 * statement (a lookup, a list, a full-text search), which a plain field is not.
 */
export const ROOT_FIELD_COST = 10;
/** Price of a `totalCount`: a COUNT over the whole list, whatever page was asked for. */
export const COUNT_COST = 10;

/**
 * Cost of a field: 1 plus its children, times the page size for connections (`first`,
 * capped at the contract's maximum so that `first: 1000` still answers BAD_USER_INPUT from
 * the resolver, and never below one item: `first: 0` still runs the query) and for
 * `last`-windowed lists. Root fields add ROOT_FIELD_COST and `totalCount` costs COUNT_COST:
 * both are database statements of their own.
 */
export function connectionEstimator({ args, childComplexity, field, type }: ComplexityEstimatorArgs): number {
  const requested = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : 'first' in args ? DEFAULT_PAGE_SIZE : 1;
  const multiplier = Math.min(Math.max(requested, 1), MAX_PAGE_SIZE);
  const own = field.name === 'totalCount' ? COUNT_COST : 1;
  const root = type.name === 'Query' || type.name === 'Mutation' ? ROOT_FIELD_COST : 0;
  return own + root + multiplier * childComplexity;
}

/** An unpaired UTF-16 surrogate (JSON may carry `"\ud800"`): no valid text, and validators that encode it (class-validator's byte length) throw. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string cannot be stored as text: it holds NUL (PostgreSQL text cannot) or an unpaired surrogate. */
const badText = (value: string): boolean => value.includes('\u0000') || LONE_SURROGATE.test(value);

/** Whether any string in a variable value is bad text (badText); iterative, so a value nested 20,000 deep cannot overflow the stack. */
export const hasNul = (root: unknown): boolean => {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (badText(value)) return true;
    } else if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) stack.push(v);
    }
  }
  return false;
};

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (badText(node.value)) found = true;
    },
  });
  return found;
}

/**
 * Variables whose values can change the estimated cost: those given to a `first` or `last`
 * argument (connectionEstimator reads nothing else) and to a directive (`@include`/`@skip`
 * decide which fields count).
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) =>
    visit(node, {
      Variable(v) {
        names.add(v.name.value);
      },
    });
  visit(document, {
    VariableDefinition: () => false,
    Argument(arg) {
      if (arg.name.value === 'first' || arg.name.value === 'last') collect(arg.value);
    },
    Directive(directive) {
      collect(directive);
      return false;
    },
  });
  return [...names].sort();
}

/** Costs kept per document: one per operation name and value of its cost variables, up to this many. */
const MAX_COSTS_PER_DOCUMENT = 64;
/** Longest key of cost-variable values that is kept (a client may send anything as `$first`). */
const MAX_COST_KEY = 256;

/** What the guard derives from a document alone, once per document (see DocumentMemo). */
interface DocumentFacts {
  nul: boolean;
  /** Aliases counted by graphql-armor's rule when over the limit, else null. */
  aliasesOver: number | null;
  /** A field repeated under several aliases with the same arguments, else null. */
  repeated: string | null;
  /** Depth and root fields by operation name ('' when the request names none). */
  depth: Map<string, number>;
  rootFields: Map<string, number>;
  costVariables: string[];
  /** Estimated cost by operation name and values of the cost variables. */
  cost: Map<string, number>;
}

const refuse = (message: string, code: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/**
 * The key of a request's cost: its operation and the values of the variables the cost depends
 * on (absent and null differ). Null, and the cost not kept, when a value is not a primitive
 * (a client may send a structure nested 20,000 deep as `$first`) or the key grows too long.
 */
function costKey(facts: DocumentFacts, operationName: string | null | undefined, variables: Record<string, unknown>): string | null {
  let key = operationName ?? '';
  for (const name of facts.costVariables) {
    const given = Object.hasOwn(variables, name);
    const value = given ? variables[name] : undefined;
    if (value !== null && typeof value === 'object') return null;
    key += '\u0000' + (given ? `${typeof value}:${String(value)}` : '');
    if (key.length > MAX_COST_KEY) return null;
  }
  return key;
}

/** A per-operation fact, found once per document and operation name. */
function perOperation(cache: Map<string, number>, operationName: string | null | undefined, find: () => number): number {
  const key = operationName ?? '';
  let value = cache.get(key);
  if (value === undefined) {
    value = find();
    cache.set(key, value);
  }
  return value;
}

/**
 * Request hygiene before execution, cheapest check first: refuses NUL characters anywhere in
 * the input (BAD_USER_INPUT; PostgreSQL text cannot hold them), then with QUERY_TOO_COMPLEX
 * operations of more than `maxRootFields` root fields, documents of more than `maxAliases`
 * aliases (graphql-armor's rule), a field repeated under several aliases with the same
 * arguments, queries nested deeper than `maxDepth`, and queries whose estimated cost exceeds
 * `maxComplexity`.
 *
 * Operations repeat: what the document alone decides is found once per document (Apollo
 * keeps parsed documents, so a repeated attack costs a lookup), its cost once per operation
 * and values of the variables the cost depends on (costVariables); only the variables' NUL
 * check runs on every request.
 */
export function queryGuardPlugin(limits: QueryLimits): ApolloServerPlugin {
  const documents = new DocumentMemo<DocumentFacts>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>) {
          const facts = documents.get(ctx.document, (document) => ({
            nul: documentHasNul(document),
            aliasesOver: aliasesOverLimit(ctx.schema, document, limits.maxAliases),
            repeated: repeatedField(document),
            depth: new Map(),
            rootFields: new Map(),
            costVariables: costVariables(document),
            cost: new Map(),
          }));
          const variables = ctx.request.variables ?? {};
          if (facts.nul || hasNul(variables)) {
            throw refuse('Text must not contain NUL (\\u0000) characters or unpaired UTF-16 surrogates.', 'BAD_USER_INPUT');
          }
          const rootFields = perOperation(facts.rootFields, ctx.operationName, () => rootFieldCount(ctx.document, ctx.operationName));
          if (rootFields > limits.maxRootFields) {
            throw refuse(`The operation asks for ${rootFields} root fields; the maximum is ${limits.maxRootFields}. Split it into several requests.`, 'QUERY_TOO_COMPLEX');
          }
          if (facts.aliasesOver !== null) {
            throw refuse(`The document uses ${facts.aliasesOver} aliases; the maximum is ${limits.maxAliases}.`, 'QUERY_TOO_COMPLEX');
          }
          if (facts.repeated !== null) {
            throw refuse(`The field "${facts.repeated}" is asked for more than once with the same arguments; ask for it once.`, 'QUERY_TOO_COMPLEX');
          }
          const depth = perOperation(facts.depth, ctx.operationName, () => selectionDepth(ctx.document, ctx.operationName));
          if (depth > limits.maxDepth) {
            throw refuse(`The query is nested ${depth} levels deep; the maximum is ${limits.maxDepth}.`, 'QUERY_TOO_COMPLEX');
          }
          const key = costKey(facts, ctx.operationName, variables);
          let complexity = key === null ? undefined : facts.cost.get(key);
          if (complexity === undefined) {
            try {
              complexity = getComplexity({
                schema: ctx.schema,
                query: ctx.document,
                operationName: ctx.operationName ?? undefined,
                variables,
                estimators: [connectionEstimator],
              });
            } catch (err) {
              // Invalid variable values are reported by execution as BAD_USER_INPUT, with their own message.
              if (/variable/i.test((err as Error).message)) return;
              throw refuse(`The query is too large: ${(err as Error).message}`, 'QUERY_TOO_COMPLEX');
            }
            if (key !== null && facts.cost.size < MAX_COSTS_PER_DOCUMENT) facts.cost.set(key, complexity);
          }
          if (complexity > limits.maxComplexity) {
            throw refuse(`The query is too expensive (cost ${complexity}, maximum ${limits.maxComplexity}); ask for fewer items or fewer nested lists.`, 'QUERY_TOO_COMPLEX');
          }
        },
      };
    },
  };
}
