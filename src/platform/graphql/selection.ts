import { FieldNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks, under the field being resolved, for the field at `path`
 * (field names separated by dots, e.g. `edges.node.author.organization`; aliases do not matter),
 * through fragments and inline fragments of any type. `@skip` and `@include` are not evaluated:
 * a field they may drop counts as asked, so a resolver that reads ahead reads at most a little
 * more than needed, never less. Lets a list read what its items' fields will ask for in the
 * list's own statement.
 */
export function asksFor(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: string): boolean {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path.split('.')) {
    const next: FieldNode[] = [];
    for (const node of level) if (node.selectionSet) collect(node.selectionSet, name, info.fragments, next, new Set());
    if (!next.length) return false;
    level = next;
  }
  return true;
}

function collect(set: SelectionSetNode, name: string, fragments: GraphQLResolveInfo['fragments'], out: FieldNode[], seen: Set<string>): void {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) out.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, name, fragments, out, seen);
    } else {
      const fragment = fragments[selection.name.value];
      // a fragment spread twice at one level is read once (validation refuses cycles)
      if (fragment && !seen.has(fragment.name.value)) {
        seen.add(fragment.name.value);
        collect(fragment.selectionSet, name, fragments, out, seen);
      }
    }
  }
}
