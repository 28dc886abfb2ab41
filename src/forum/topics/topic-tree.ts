import { arrayOf, Check, checkDataFile, dataFileError, object, optional, string } from '../../platform/validation/data-file';
import topicTreeFile from './data/topic-tree.json';

/**
 * The forum's starting topic tree (product data, from PRODUCT.md: 7 roots), kept in
 * data/topic-tree.json (not topic-tree.json beside this file: require("./topic-tree") would load
 * the JSON) and seeded once on first start. Edit the JSON; it is checked when loaded.
 */
export interface TopicTreeNode {
  /** 2 to 60 lower-case letters and digits in words joined by "-", unique in the tree. */
  slug: string;
  name: string;
  description: string;
  children?: TopicTreeNode[];
}

const FILE = 'src/forum/topics/data/topic-tree.json';

/** The same slug and length rules as CreateTopicInput. */
const topicNode: Check<TopicTreeNode> = object<TopicTreeNode>({
  slug: string({ pattern: /^(?=.{2,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$/, what: '2 to 60 lower-case letters and digits in words joined by "-"' }),
  name: string({ minLength: 2, maxLength: 80 }),
  description: string({ maxLength: 1000 }),
  children: optional(arrayOf((value, at) => topicNode(value, at))),
});

/** The tree in `data` once checked: its shape, and slugs unique across the tree. */
export function loadTopicTree(data: unknown): TopicTreeNode[] {
  const tree = checkDataFile(FILE, data, arrayOf(topicNode));
  const seen = new Set<string>();
  const visit = (nodes: TopicTreeNode[]): void => {
    for (const node of nodes) {
      if (seen.has(node.slug)) throw dataFileError(FILE, `topic "${node.slug}"`, 'appears twice: slugs are unique');
      seen.add(node.slug);
      visit(node.children ?? []);
    }
  };
  visit(tree);
  return tree;
}

export const TOPIC_TREE: TopicTreeNode[] = loadTopicTree(topicTreeFile);

/** Every slug in the tree, parents before children. */
export const topicTreeSlugs = (nodes: readonly TopicTreeNode[] = TOPIC_TREE): string[] => nodes.flatMap((node) => [node.slug, ...topicTreeSlugs(node.children ?? [])]);
