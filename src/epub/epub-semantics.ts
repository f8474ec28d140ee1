import type {Element} from 'hast';
import {visit} from 'unist-util-visit';

/** EPUB structural semantics for the DPUB-ARIA roles the compiled chapters carry. */
const epubTypes: Readonly<Record<string, string>> = {
  'doc-noteref': 'noteref',
  'doc-endnotes': 'endnotes',
  'doc-backlink': 'backlink'
};

/**
 * A copy of a chapter tree with `epub:type` beside each note role, so that reading systems which
 * show notes in pop-ups (Apple Books, Kobo, KOReader) recognise them, and the chapter marked
 * as a chapter. Images without alt text get an empty one, which XHTML requires; the check stage
 * has already warned about them.
 */
export function withEpubSemantics(tree: Element): Element {
  const copy = structuredClone(tree);
  // The role that matches `epub:type`, for assistive technology, which reads roles, not EPUB types.
  copy.properties['epub:type'] = 'chapter';
  copy.properties.role = 'doc-chapter';
  visit(copy, 'element', (node) => {
    const classes = Array.isArray(node.properties.className) ? node.properties.className : [];
    if (node.tagName === 'li' && classes.includes('endnote')) node.properties['epub:type'] = 'endnote';
    const roles = Array.isArray(node.properties.role)
      ? node.properties.role.map(String)
      : String(node.properties.role ?? '').split(/\s+/);
    const types = roles.map((role) => epubTypes[role]).filter((type) => type !== undefined);
    if (types.length > 0) node.properties['epub:type'] = types.join(' ');
    if (node.tagName === 'img' && typeof node.properties.alt !== 'string') node.properties.alt = '';
  });
  return copy;
}

/** Whether every image in the tree has a non-empty text alternative. */
export function everyImageDescribed(tree: Element): boolean {
  let described = true;
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img' && !(typeof node.properties.alt === 'string' && node.properties.alt.trim()))
      described = false;
  });
  return described;
}

/** Paths (relative to the content folder) of the images in the tree, in document order. */
export function imageAssets(tree: Element): string[] {
  const assets: string[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img' && node.data?.folioAsset) assets.push(node.data.folioAsset);
  });
  return assets;
}

/** The SVG file of each chart in the trees (its text outlined), by the path its image names (`charts/<name>.svg`). */
export function chartImages(trees: readonly Element[]): Map<string, string> {
  const charts = new Map<string, string>();
  for (const tree of trees)
    visit(tree, 'element', (node) => {
      if (node.data?.folioAsset && node.data.folioChart)
        charts.set(node.data.folioAsset, node.data.folioChart.outlined);
    });
  return charts;
}
