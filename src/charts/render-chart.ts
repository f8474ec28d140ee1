import {parse, View, type Loader} from 'vega';
import {expressionInterpreter} from 'vega-interpreter';
import {compile, type TopLevelSpec} from 'vega-lite';
import type {ChartLocale} from './chart-locale.js';

/** What rendering one chart needs: a Vega-Lite spec whose data is inline, the theme, and the locale. */
export interface ChartRequest {
  spec: Record<string, unknown>;
  /** A Vega-Lite `config` (the theme in templates/charts/theme.yaml). */
  theme: Record<string, unknown>;
  locale: ChartLocale;
  /** Prefix of every id in the SVG, unique in the report, so that two charts on a page keep their own clips. */
  idPrefix: string;
}

/** A loader that loads nothing: the data of a chart is inline by the time it is rendered (see chart-data.ts). */
const noLoader = {
  load: () => Promise.reject(new Error('a chart loads nothing')),
  sanitize: () => Promise.reject(new Error('a chart loads nothing')),
  http: () => Promise.reject(new Error('a chart loads nothing')),
  file: () => Promise.reject(new Error('a chart loads nothing'))
} as unknown as Loader;

/**
 * Render a chart to SVG, in Node, with no browser and no canvas: Vega-Lite compiles the spec to
 * Vega, Vega renders it headless (`renderer: 'none'`, `toSVG`). Nothing in it runs the spec as
 * code: expressions are interpreted from their syntax tree (vega-interpreter), not compiled with
 * `Function`, and the loader refuses every request. Text widths come from the fonts the chart
 * prints in (see text-metrics.ts). The same request gives the same bytes, in a process that keeps
 * UTC (Vega reads and writes dates in local time): the chart workers' (see render-in-worker.ts).
 */
export async function renderChart(request: ChartRequest): Promise<string> {
  const warnings: string[] = [];
  const logger = quietLogger(warnings);
  // The chart's own config goes over the theme property by property: `axis: {grid: false}` keeps the theme's other axis settings.
  const config = {...mergeConfig(request.theme, (request.spec.config ?? {}) as Record<string, unknown>), aria: false};
  const {spec: vega} = compile({...request.spec, config} as TopLevelSpec, {logger});
  const runtime = parse(vega, undefined, {ast: true});
  const view = new View(runtime, {
    renderer: 'none',
    expr: expressionInterpreter,
    loader: noLoader,
    locale: request.locale,
    logger
  } as unknown as ConstructorParameters<typeof View>[1]);
  try {
    return renumberIds(await view.toSVG(), request.idPrefix);
  } finally {
    view.finalize();
  }
}

/** `over` merged into `base`, objects key by key (arrays and values replace). */
function mergeConfig(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = {...base};
  for (const [key, value] of Object.entries(over)) {
    const under = merged[key];
    merged[key] = isPlainObject(value) && isPlainObject(under) ? mergeConfig(under, value) : value;
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Vega's ids (clip paths, gradients) count up across the whole process: number them per chart instead. */
function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const [, id] of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(id!)) ids.set(id!, `${prefix}-${ids.size + 1}`);
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) =>
    ids.has(id) ? `${lead}${ids.get(id)}` : whole
  );
}

/** Vega's log, kept instead of printed: a chart's problems are reported at its block by the caller. */
function quietLogger(warnings: string[]) {
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger
  };
  return logger;
}
