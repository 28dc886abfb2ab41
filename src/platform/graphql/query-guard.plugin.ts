import { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { DocumentNode, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, visit } from 'graphql';
import { ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { DocumentMemo } from './document-memo';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination/connection.types';

export interface QueryLimits {
  maxComplexity: number;
  maxDepth: number;
}

/**
 * Cost of a field: 1 plus its children, times the page size for connections (`first`,
 * capped at the contract's maximum so that `first: 1000` still answers BAD_USER_INPUT from
 * the resolver) and for `last`-windowed lists.
 */
export function connectionEstimator({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const requested = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : 'first' in args ? DEFAULT_PAGE_SIZE : 1;
  const multiplier = Math.min(Math.max(requested, 1), MAX_PAGE_SIZE);
  return 1 + multiplier * childComplexity;
}

/** Deepest field nesting of the operation, following fragments. */
export function selectionDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1);
      else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) {
        max = Math.max(max, depthOf(fragments.get(sel.name.value)?.selectionSet, new Set(seen).add(sel.name.value)));
      }
    }
    return max;
  };
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
  return Math.max(0, ...ops.map((op) => depthOf((op as { selectionSet: SelectionSetNode }).selectionSet, new Set())));
}

/** Whether any string in a variable value holds NUL; iterative, so a value nested 20,000 deep cannot overflow the stack. */
export const hasNul = (root: unknown): boolean => {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
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
      if (node.value.includes('\u0000')) found = true;
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
  /** Depth by operation name ('' when the request names none). */
  depth: Map<string, number>;
  costVariables: string[];
  /** Estimated cost by operation name and values of the cost variables. */
  cost: Map<string, number>;
}

const refuse = (message: string, code: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** The key of a request's cost: its operation and the values of the variables the cost depends on (absent and null differ). */
function costKey(facts: DocumentFacts, operationName: string | null | undefined, variables: Record<string, unknown>): string | null {
  let key = operationName ?? '';
  for (const name of facts.costVariables) {
    key += '\u0000' + (Object.hasOwn(variables, name) ? (JSON.stringify(variables[name]) ?? 'undefined') : '');
    if (key.length > MAX_COST_KEY) return null;
  }
  return key;
}

/**
 * Request hygiene before execution: refuses NUL characters anywhere in the input (PostgreSQL
 * text cannot hold them), queries nested deeper than `maxDepth`, and queries whose estimated
 * cost exceeds `maxComplexity` (QUERY_TOO_COMPLEX).
 *
 * Operations repeat: whether the document holds NUL and how deep each operation nests are
 * found once per document, and its cost once per operation and values of the variables the
 * cost depends on (costVariables); only the variables' NUL check runs on every request.
 */
export function queryGuardPlugin(limits: QueryLimits): ApolloServerPlugin {
  const documents = new DocumentMemo<DocumentFacts>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>) {
          const facts = documents.get(ctx.document, (document) => ({ nul: documentHasNul(document), depth: new Map(), costVariables: costVariables(document), cost: new Map() }));
          const variables = ctx.request.variables ?? {};
          if (facts.nul || hasNul(variables)) {
            throw refuse('Text must not contain NUL (\\u0000) characters.', 'BAD_USER_INPUT');
          }
          const operationKey = ctx.operationName ?? '';
          let depth = facts.depth.get(operationKey);
          if (depth === undefined) {
            depth = selectionDepth(ctx.document, ctx.operationName);
            facts.depth.set(operationKey, depth);
          }
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
