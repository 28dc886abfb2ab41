import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLSchema, Kind, OperationDefinitionNode, print, SelectionSetNode, validate, visit } from 'graphql';

/**
 * The shape of an operation that the guard limits, found from the document alone (once per
 * document, see DocumentMemo). The document has passed GraphQL validation, and its size is
 * bounded by GRAPHQL_MAX_TOKENS, so the walks below are bounded too.
 */

/** Introspection fields (`__schema`, `__type`, `__typename`) are free: the IDE and codegen ask for them. */
const isIntrospection = (field: FieldNode): boolean => field.name.value.startsWith('__');

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

export function operationsOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName));
}

/** Deepest field nesting of the operation, following fragments; introspection is not counted. */
export function selectionDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = fragmentsOf(document);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (!isIntrospection(sel)) max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, seen) : 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, depthOf(sel.selectionSet, seen));
      else if (!seen.has(sel.name.value)) {
        max = Math.max(max, depthOf(fragments.get(sel.name.value)?.selectionSet, new Set(seen).add(sel.name.value)));
      }
    }
    return max;
  };
  return Math.max(0, ...operationsOf(document, operationName).map((op) => depthOf(op.selectionSet, new Set())));
}

/** Root fields of the operation (through fragments; introspection not counted): each is a separate piece of work, most of them a database query. */
export function rootFieldCount(document: DocumentNode, operationName?: string | null): number {
  const fragments = fragmentsOf(document);
  let count = 0;
  for (const op of operationsOf(document, operationName)) {
    const pending: SelectionSetNode[] = [op.selectionSet];
    const seen = new Set<string>();
    for (let set = pending.pop(); set; set = pending.pop()) {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FIELD) count += isIntrospection(sel) ? 0 : 1;
        else if (sel.kind === Kind.INLINE_FRAGMENT) pending.push(sel.selectionSet);
        else if (!seen.has(sel.name.value)) {
          seen.add(sel.name.value);
          const fragment = fragments.get(sel.name.value);
          if (fragment) pending.push(fragment.selectionSet);
        }
      }
    }
  }
  return count;
}

/** Aliases in the document, counted by graphql-armor's max-aliases rule (per operation, fragments included); null when within `limit`. */
export function aliasesOverLimit(schema: GraphQLSchema, document: DocumentNode, limit: number): number | null {
  let found: number | null = null;
  validate(schema, document, [
    maxAliasesRule({
      n: limit,
      propagateOnRejection: false,
      onReject: [
        (_ctx, error) => {
          const n = /found (\d+)/.exec(error.message);
          found = Math.max(found ?? 0, n ? Number(n[1]) : limit + 1);
        },
      ],
    }),
  ]);
  return found;
}

/**
 * The first field asked twice in one selection set under different aliases with the same
 * arguments and directives (`a: totalCount b: totalCount`, or 15 aliases of one `search`):
 * the same work done again for nothing, refused rather than run. Null when there is none.
 */
export function repeatedField(document: DocumentNode): string | null {
  let repeated: string | null = null;
  visit(document, {
    SelectionSet(set) {
      if (repeated) return false;
      const responseKeys = new Map<string, string>();
      for (const sel of set.selections) {
        if (sel.kind !== Kind.FIELD || isIntrospection(sel)) continue;
        const key = `${sel.name.value}(${(sel.arguments ?? []).map(print).join(',')})${(sel.directives ?? []).map(print).join('')}`;
        const responseKey = sel.alias?.value ?? sel.name.value;
        const earlier = responseKeys.get(key);
        if (earlier !== undefined && earlier !== responseKey) {
          repeated = sel.name.value;
          return false;
        }
        responseKeys.set(key, responseKey);
      }
      return undefined;
    },
  });
  return repeated;
}
