import type {Code, Root} from 'mdast';
import {visit} from 'unist-util-visit';
import type {ChartTable} from './chart-table.js';

/** A chart, rendered: its SVG and the words and data that go with it in the figure. */
export interface RenderedChart {
  /** The SVG as Vega drew it, its text as text: for print, where it is drawn in the page in the page's fonts. */
  svg: string;
  /** The same with its text as outlines (see outline-text.ts): for an image file, which cannot use the book's fonts. */
  outlined: string;
  /** A name for its file in an EPUB: unique in the report, the same on every build. */
  name: string;
  description?: string;
  caption?: string;
  table: ChartTable;
}

/** Every chart of a report's editions, by the file and place of its block (see `chartKey`). */
export type ChartRenderings = ReadonlyMap<string, RenderedChart>;

/** The language of a chart block marks it as a chart: ```` ```chart ````. */
export const chartLanguage = 'chart';

/** How a chart block is found again once its Markdown is HTML: its file and where the block starts. */
export function chartKey(contentPath: string, offset: number | undefined): string {
  return `${contentPath}:${offset ?? 0}`;
}

/** Whether a Markdown tree has a chart block. */
export function containsChart(tree: Root): boolean {
  let found = false;
  visit(tree, 'code', (node: Code) => {
    if (node.lang === chartLanguage) found = true;
  });
  return found;
}
