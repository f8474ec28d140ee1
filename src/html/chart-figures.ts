import type {Element, ElementContent, Root} from 'hast';
import {h} from 'hastscript';
import {visit} from 'unist-util-visit';
import {chartKey, chartLanguage, type ChartRenderings, type RenderedChart} from '../charts/chart-keys.js';
import type {Messages} from '../messages/catalogue.js';

declare module 'hast' {
  interface ElementData {
    /** Set on a chart's image: its SVG, which print editions put in the page, and the outlined SVG the EPUB packages as a file. */
    folioChart?: {svg: string; outlined: string};
  }
}

/**
 * Put each rendered chart where its block was (a `pre > code.language-chart` once the Markdown
 * is HTML): a `figure` holding the chart as an image with the author's text alternative and the
 * caption, then the chart's data as a table in a `details` element right after it, so that a
 * screen reader reaches the numbers themselves from the figure. The image names its SVG as a file of the
 * report (`charts/<name>.svg`); print editions draw the SVG in the page (see `chapterHtml`).
 */
export function chartFigures(tree: Root, contentPath: string, charts: ChartRenderings, messages: Messages): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'pre' || index === undefined || !parent) return;
    const code = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'code');
    const classes = Array.isArray(code?.properties.className) ? code.properties.className : [];
    if (!classes.includes(`language-${chartLanguage}`)) return;
    const chart = charts.get(chartKey(contentPath, node.position?.start.offset));
    // A chart that could not be rendered was reported at its block, which stops the build.
    if (!chart) return;
    const [figure, data] = chartFigure(chart, messages);
    figure.position = node.position;
    parent.children.splice(index, 1, figure, data);
    return index + 2;
  });
}

function chartFigure(chart: RenderedChart, messages: Messages): [Element, Element] {
  const [, width, height] = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(chart.svg) ?? [];
  const image: Element = h('img.chart', {alt: chart.description ?? '', width, height});
  image.data = {folioAsset: `charts/${chart.name}.svg`, folioChart: {svg: chart.svg, outlined: chart.outlined}};
  const children: ElementContent[] = [image];
  if (chart.caption) children.push(h('figcaption', chart.caption));
  return [
    h('figure.chart', children),
    h('details.chart-data', [
      h('summary', messages.text('chartData')),
      h('table', [
        h(
          'thead',
          h(
            'tr',
            chart.table.columns.map((column) =>
              h('th', {scope: 'col', className: column.numeric ? ['number'] : []}, column.title)
            )
          )
        ),
        h(
          'tbody',
          chart.table.rows.map((row) =>
            h(
              'tr',
              row.map((cell, index) =>
                h('td', {className: chart.table.columns[index]!.numeric ? ['number'] : []}, cell)
              )
            )
          )
        )
      ])
    ])
  ];
}
