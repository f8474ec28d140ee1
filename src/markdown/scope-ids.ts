import type {Root} from 'hast';
import {visit} from 'unist-util-visit';
import {claimId, type IdRegistry} from './heading-ids.js';

/**
 * Prefix every id that is not a heading id with the file's own prefix, so that footnote ids
 * (`fn-1`) and ids from raw HTML never collide between files. Returns old ids mapped to new.
 */
export function scopeIds(
  tree: Root,
  prefix: string,
  headingIds: ReadonlySet<string>,
  registry: IdRegistry
): Map<string, string> {
  const scoped = new Map<string, string>();
  visit(tree, 'element', (node) => {
    const id = node.properties.id;
    if (typeof id !== 'string' || headingIds.has(id)) return;
    const next = claimId(registry, `${prefix}-${id}`);
    scoped.set(id, next);
    node.properties.id = next;
  });
  return scoped;
}
