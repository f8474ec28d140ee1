import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Code} from 'mdast';
import {visit} from 'unist-util-visit';
import {version as vegaVersion} from 'vega';
import {version as vegaLiteVersion} from 'vega-lite';
import {hashParts} from '../cache/hash-files.js';
import type {Report, SourceFile} from '../content/model.js';
import {reportError, reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';
import type {FontFile} from '../fonts/shipped-fonts.js';
import {projectRoot} from '../project-paths.js';
import type {ChartCache} from '../cache/chart-cache.js';
import {readChartBlock} from './chart-block.js';
import {inlineChartData} from './chart-data.js';
import {chartLocale} from './chart-locale.js';
import {ChartFonts} from './chart-fonts.js';
import {chartTable} from './chart-table.js';
import {outlineText} from './outline-text.js';
import {chartKey, chartLanguage, type ChartRenderings, type RenderedChart} from './chart-keys.js';
import type {ChartRenderer} from './render-in-worker.js';

/** One edition, as far as its charts are concerned. */
export interface ChartEdition {
  report: Report;
}

/** What rendering the charts needs besides the editions. */
export interface ChartOptions {
  /** The theme's Vega-Lite `config` (see chart-theme.ts). */
  theme: Record<string, unknown>;
  fonts: readonly FontFile[];
  renderer: ChartRenderer;
  cache?: ChartCache;
}

let rendererVersion: string | undefined;

/**
 * Render every chart block of every edition, once each: a translation's charts in its language,
 * a source file's in the source language (also where it stands in for a missing translation).
 * Each chart's problems are reported at its line in its Markdown file: its spec (syntax,
 * unknown properties, ways out of the report), its data, and what Vega-Lite refuses. A chart
 * rendered before with the same spec, data, theme, locale and fonts is taken from the cache.
 */
export async function renderReportCharts(
  editions: readonly ChartEdition[],
  options: ChartOptions
): Promise<ChartRenderings> {
  const renderings = new Map<string, RenderedChart>();
  const outlines = new ChartFonts(options.fonts);
  const sourceDigits = editions[0]?.report.meta.digits ?? 'latn';
  const seen = new Set<string>();
  const jobs: Array<Promise<void>> = [];
  for (const {report} of editions) {
    for (const source of report.chapters.flatMap((chapter) => chapter.files)) {
      if (seen.has(source.contentPath)) continue;
      seen.add(source.contentPath);
      const language = source.fallbackLanguage ?? report.meta.language;
      const digits = source.fallbackLanguage ? sourceDigits : (report.meta.digits ?? 'latn');
      visit(source.tree, 'code', (node: Code) => {
        if (node.lang !== chartLanguage) return;
        jobs.push(
          renderBlock(node, source, report.contentDir, {language, digits, outlines}, options).then((chart) => {
            if (chart) renderings.set(chartKey(source.contentPath, node.position?.start.offset), chart);
          })
        );
      });
    }
  }
  await Promise.all(jobs);
  return renderings;
}

async function renderBlock(
  node: Code,
  source: SourceFile,
  contentDir: string,
  {language, digits, outlines}: {language: string; digits: 'latn' | 'arab'; outlines: ChartFonts},
  options: ChartOptions
): Promise<RenderedChart | undefined> {
  const fence = {line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1};
  const {block, problems} = readChartBlock(node.value, fence.line + 1, fence);
  const {data, problems: dataProblems} =
    block && problems.every((problem) => problem.warning)
      ? inlineChartData(block, source.contentPath, contentDir)
      : {data: undefined, problems: []};
  for (const problem of [...problems, ...dataProblems])
    (problem.warning ? reportWarning : reportError)(source.file, problem.reason, problem.place, problem.ruleId);
  if (!block || !data) return undefined;
  const place = chartKey(source.contentPath, node.position?.start.offset);
  const idPrefix = `chart-${hashParts([place]).slice(0, 8)}`;
  const request = {spec: data.spec, theme: options.theme, locale: chartLocale(language, digits), idPrefix};
  const key = hashParts([version(), JSON.stringify(request), fontsKey(options.fonts)]);
  let svg = options.cache?.get(key);
  if (svg === undefined) {
    try {
      svg = await options.renderer.render(request);
    } catch (error) {
      reportError(source.file, `Chart cannot be drawn: ${vegaMessage(error)}`, fence, ruleIds.chartSpec);
      return undefined;
    }
    options.cache?.set(key, svg);
  }
  // Colours and blends are written into the SVG as given: one that names a resource would be a way out.
  const reference = /url\((?!#)[^)]*\)/.exec(svg);
  if (reference) {
    reportError(
      source.file,
      `Chart names a resource in a colour or style (\`${reference[0].slice(0, 80)}\`); a chart uses colours only (and its own gradients)`,
      fence,
      ruleIds.chartRemote
    );
    return undefined;
  }
  return {
    svg,
    outlined: outlineText(svg, outlines),
    name: idPrefix,
    description: block.description,
    caption: block.caption,
    table: chartTable(data.spec, data.rows, language, digits)
  };
}

/** Vega-Lite's message, without the spec it sometimes quotes whole. */
function vegaMessage(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const short = message.replace(/\s*\{.*\}\.?/s, '').trim();
  return short.length > 300 ? `${short.slice(0, 300)}…` : short;
}

/** What every rendering depends on beyond its request: Vega's versions and Folio's chart code. */
function version(): string {
  if (rendererVersion) return rendererVersion;
  // The lock file pins every package a chart's SVG depends on (vega's own parts, the interpreter, fontkit).
  const lock = readFileSync(path.join(projectRoot, 'package-lock.json'));
  const packages = [`vega@${vegaVersion}`, `vega-lite@${vegaLiteVersion}`, lock];
  // The source, whether Folio runs it through tsx or compiled: the same chart code gives the same key.
  const dir = path.join(projectRoot, 'src', 'charts');
  const code = readdirSync(dir)
    .sort()
    .map((name) => readFileSync(path.join(dir, name)));
  return (rendererVersion = hashParts([...packages, ...code]));
}

const fontHashes = new Map<string, string>();

/** The font files by what is in them (a publisher's font replaced under the same name changes the key). */
function fontsKey(fonts: readonly FontFile[]): string {
  return fonts
    .map((font) => {
      const stamp = `${font.path}:${statSync(font.path).mtimeMs}`;
      let hash = fontHashes.get(stamp);
      if (!hash) fontHashes.set(stamp, (hash = hashParts([readFileSync(font.path)])));
      return hash;
    })
    .join('\n');
}
