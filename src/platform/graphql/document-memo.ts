import type { DocumentNode } from 'graphql';

/**
 * What an Apollo plugin derives from a parsed document alone (with the schema, fixed once the
 * server started), computed once per document. Apollo keeps parsed and validated documents in
 * its bounded document store (one per schema) and hands every request with the same query text
 * the same DocumentNode, so a WeakMap keyed by it is bounded by that store and freed with its
 * entries; a document Apollo did not keep is analysed again on its next request.
 */
export class DocumentMemo<T> {
  private readonly memo = new WeakMap<DocumentNode, T>();

  get(document: DocumentNode, analyse: (document: DocumentNode) => T): T {
    let value = this.memo.get(document);
    if (value === undefined) {
      value = analyse(document);
      this.memo.set(document, value);
    }
    return value;
  }
}
