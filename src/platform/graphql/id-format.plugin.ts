import { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import {
  DocumentNode,
  getNamedType,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  typeFromAST,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { negotiatedMediaType, preExecutionStatus } from '../http/media-type';
import { isUuid } from '../validation/uuid';
import { DocumentMemo } from './document-memo';

/** How deep input values are followed (the query guard bounds the rest). */
const MAX_INPUT_DEPTH = 12;

const isIdType = (type: GraphQLInputType): boolean => getNamedType(type).name === 'ID';

/** First malformed ID in a variable value, walked iteratively (no recursion on request input). */
function badIdInValue(value: unknown, type: GraphQLInputType, path: string): string | null {
  const stack: { value: unknown; type: GraphQLInputType; path: string; depth: number }[] = [{ value, type, path, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.value === null || item.value === undefined || item.depth > MAX_INPUT_DEPTH) continue;
    const t = isNonNullType(item.type) ? item.type.ofType : item.type;
    if (isListType(t)) {
      const values = Array.isArray(item.value) ? item.value : [item.value];
      values.forEach((v, i) => stack.push({ value: v, type: t.ofType, path: `${item.path}[${i}]`, depth: item.depth + 1 }));
    } else if (isInputObjectType(t)) {
      if (typeof item.value !== 'object' || Array.isArray(item.value)) continue;
      for (const field of Object.values(t.getFields())) {
        stack.push({ value: (item.value as Record<string, unknown>)[field.name], type: field.type, path: `${item.path}.${field.name}`, depth: item.depth + 1 });
      }
    } else if (isIdType(t) && !isUuid(item.value)) {
      return item.path;
    }
  }
  return null;
}

/** First malformed ID in a literal argument value (variables inside it are checked as variables). */
function badIdInLiteral(node: ValueNode, type: GraphQLInputType, path: string): string | null {
  const stack: { node: ValueNode; type: GraphQLInputType; path: string; depth: number }[] = [{ node, type, path, depth: 0 }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.node.kind === Kind.VARIABLE || item.node.kind === Kind.NULL || item.depth > MAX_INPUT_DEPTH) continue;
    const t = isNonNullType(item.type) ? item.type.ofType : item.type;
    if (isListType(t)) {
      const nodes = item.node.kind === Kind.LIST ? item.node.values : [item.node];
      nodes.forEach((n, i) => stack.push({ node: n, type: t.ofType, path: `${item.path}[${i}]`, depth: item.depth + 1 }));
    } else if (isInputObjectType(t)) {
      if (item.node.kind !== Kind.OBJECT) continue;
      const fields = t.getFields();
      for (const f of item.node.fields) {
        const def = fields[f.name.value];
        if (def) stack.push({ node: f.value, type: def.type, path: `${item.path}.${f.name.value}`, depth: item.depth + 1 });
      }
    } else if (isIdType(t) && !(item.node.kind === Kind.STRING && isUuid(item.node.value))) {
      return item.path;
    }
  }
  return null;
}

/** The first literal argument or input field of type ID in the document that is not a UUID, as a path. */
export function findMalformedIdLiteral(schema: GraphQLSchema, document: DocumentNode): string | null {
  let found: string | null = null;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const arg = typeInfo.getArgument();
        const field = typeInfo.getFieldDef();
        if (found || !arg) return;
        found = badIdInLiteral(node.value, arg.type, `${field?.name ?? '?'}(${node.name.value})`);
      },
    }),
  );
  return found;
}

/** The first variable of the operation whose value holds an ID that is not a UUID, as a path. */
function findMalformedIdVariable(variableTypes: readonly VariableType[], variables: Record<string, unknown>): string | null {
  for (const { name, type } of variableTypes) {
    const found = badIdInValue(variables[name], type, `$${name}`);
    if (found) return found;
  }
  return null;
}

interface VariableType {
  name: string;
  type: GraphQLInputType;
}

const variableTypes = (schema: GraphQLSchema, operation: OperationDefinitionNode): VariableType[] =>
  (operation.variableDefinitions ?? []).flatMap((def) => {
    const type = typeFromAST(schema, def.type as never) as GraphQLInputType | undefined;
    return type ? [{ name: def.variable.name.value, type }] : [];
  });

/** The first argument, input field or variable of type ID whose value is not a UUID, as a path. */
export function findMalformedId(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): string | null {
  return findMalformedIdVariable(variableTypes(schema, operation), variables) ?? findMalformedIdLiteral(schema, document);
}

/** What the plugin derives from a document alone, once per document (see DocumentMemo). */
interface DocumentFacts {
  literal: string | null;
  variables: WeakMap<OperationDefinitionNode, VariableType[]>;
}

/**
 * IDs are UUIDs: a malformed one, anywhere in the operation (an argument, an input field, a
 * filter, a list, a variable), is BAD_USER_INPUT before anything runs. A well-formed id that
 * names nothing, or something the viewer may not see, stays `null` / NOT_FOUND as before.
 * Literals and the types of the variables are read once per document; the variables' values
 * are checked on every request.
 */
export function idFormatPlugin(): ApolloServerPlugin {
  const documents = new DocumentMemo<DocumentFacts>();
  // one listener for every request: it keeps nothing of a request
  const listener = {
    async didResolveOperation(ctx: GraphQLRequestContextDidResolveOperation<Record<string, unknown>>) {
      if (!ctx.operation) return;
      const facts = documents.get(ctx.document, (document) => ({ literal: findMalformedIdLiteral(ctx.schema, document), variables: new WeakMap() }));
      let types = facts.variables.get(ctx.operation);
      if (!types) {
        types = variableTypes(ctx.schema, ctx.operation);
        facts.variables.set(ctx.operation, types);
      }
      const path = findMalformedIdVariable(types, ctx.request.variables ?? {}) ?? facts.literal;
      if (!path) return;
      const req = { headers: Object.fromEntries(ctx.request.http?.headers ?? []) };
      throw new GraphQLError(`${path} is not a valid ID: IDs are UUIDs.`, {
        extensions: { code: 'BAD_USER_INPUT', field: path, http: { status: preExecutionStatus(negotiatedMediaType(req), 400, true) } },
      });
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}
