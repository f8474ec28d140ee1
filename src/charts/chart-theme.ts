import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parseYaml} from '../config/yaml.js';
import {FolioError} from '../diagnostics/errors.js';
import {unknownProperties} from './spec-properties.js';

/** A problem with the templates' chart theme: it names the file, the line and the column. */
export class ChartThemeError extends FolioError {}

/** The chart theme's place in a templates folder. */
export function chartThemePath(templatesDir: string): string {
  return path.join(templatesDir, 'charts', 'theme.yaml');
}

/**
 * The chart theme: a Vega-Lite `config` (fonts, sizes, colours, axes) that every chart starts
 * from, as the print stylesheet is for the text, so that a publisher restyles charts in the
 * templates folder, not in each chart. A chart's own `config` goes over it. A theme property
 * Vega-Lite does not know is an error, as in a chart.
 */
export function loadChartTheme(templatesDir: string): Record<string, unknown> {
  const file = chartThemePath(templatesDir);
  if (!existsSync(file)) return {};
  const text = readFileSync(file, 'utf8');
  const parsed = parseYaml(text);
  const where = (place: {line: number; column: number}) =>
    `${path.relative(process.cwd(), file) || file}:${place.line}:${place.column}`;
  const first = parsed.errors[0];
  if (first) throw new ChartThemeError(`${where(first)}: error: ${first.reason}`);
  const theme = parsed.value ?? {};
  if (typeof theme !== 'object' || Array.isArray(theme))
    throw new ChartThemeError(
      `${where({line: 1, column: 1})}: error: The chart theme is a Vega-Lite \`config\`: a mapping`
    );
  const [unknown] = unknownProperties({config: theme});
  if (unknown) {
    const at = unknown.value ? unknown.path.slice(1) : [...unknown.path.slice(1), unknown.name];
    const meant = unknown.suggestion
      ? `; did you mean \`${unknown.suggestion}\`?`
      : '; check it against Vega-Lite’s `config`';
    throw new ChartThemeError(
      `${where(unknown.value ? parsed.placeOf(at) : parsed.placeOfKey(at))}: error: The chart theme ${unknown.value ? `cannot set \`${at.join('.')}\` to \`${unknown.name}\`` : `has no property \`${at.join('.')}\``}${meant}`
    );
  }
  return theme as Record<string, unknown>;
}
