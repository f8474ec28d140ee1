import {readFileSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import {read} from 'vega';
import {fileProblem} from '../diagnostics/file-errors.js';
import {ruleIds} from '../diagnostics/rule-ids.js';
import type {ChartBlock, ChartProblem} from './chart-block.js';
import {nearest} from './spec-properties.js';

/** The largest data file a chart reads, and the most rows a chart's data may have. */
export const maxDataFileBytes = 2 * 1024 * 1024;
export const maxDataRows = 10_000;

/** The types of data file a chart reads, by extension, as Vega's `format.type` names them. */
const dataTypes: Record<string, string> = {'.csv': 'csv', '.tsv': 'tsv', '.json': 'json'};

/** A chart's spec with every data source inline, the data files it read, and its first data source's rows. */
export interface ChartData {
  spec: Record<string, unknown>;
  /** The data files read, relative to the content folder, with their text (the chart's cache key has them). */
  files: Array<{contentPath: string; text: string}>;
  /** The rows of the spec's first data source (the top level's, or the first layer's): the data table's. */
  rows: Array<Record<string, unknown>>;
}

/**
 * Put every data file a chart names in its place: `data: {url: "data/cases.csv"}` is read from
 * inside the content folder, relative to the section's file, and becomes `values` (the file's
 * text, which Vega parses as it would have parsed the file), so that nothing is left for Vega's
 * loader to fetch. A file outside the content folder (also through a symbolic link), missing,
 * too large or with too many rows is a problem at the `url`'s line; so is an encoded `field`
 * the data does not have, with the fields it does.
 */
export function inlineChartData(
  block: ChartBlock,
  contentPath: string,
  contentDir: string
): {data?: ChartData; problems: ChartProblem[]} {
  const problems: ChartProblem[] = [];
  const files: ChartData['files'] = [];
  const sources: Array<Array<Record<string, unknown>>> = [];
  const spec = structuredClone(block.spec);
  const visit = (value: unknown, at: Array<string | number>): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, [...at, index]));
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    if (at.at(-1) === 'data') {
      const rows = readSource(object, at);
      if (rows) sources.push(rows);
      return;
    }
    for (const [key, child] of Object.entries(object))
      if (key !== 'values' && key !== 'usermeta') visit(child, [...at, key]);
  };
  const readSource = (source: Record<string, unknown>, at: Array<string | number>) => {
    const place = block.placeOf([...at, typeof source.url === 'string' ? 'url' : 'values']);
    const problem = (reason: string) => {
      problems.push({reason, place, ruleId: ruleIds.chartData});
      return undefined;
    };
    let format = (source.format ?? {}) as {type?: string};
    if (typeof source.url === 'string') {
      const relative = path.posix.normalize(path.posix.join(path.posix.dirname(contentPath), source.url));
      const type = format.type ?? dataTypes[path.extname(relative).toLowerCase()];
      if (!type)
        return problem(
          `Chart data \`${source.url}\` is not a CSV, TSV or JSON file; name its type with \`format: {type: csv}\``
        );
      const text = readDataFile(contentDir, relative, source.url, problem);
      if (text === undefined) return undefined;
      files.push({contentPath: relative, text});
      delete source.url;
      source.values = text;
      source.format = format = {...format, type};
    }
    let rows: unknown[];
    try {
      rows = Array.isArray(source.values)
        ? source.values
        : typeof source.values === 'string'
          ? // Read as text, for counting the rows and for the data table: no guessing of types, whose dates
            // would become numbers (and depend on the time zone); the chart itself parses as Vega does.
            (read(source.values, {type: format.type} as never) as unknown[])
          : [];
    } catch (error) {
      return problem(`Chart data cannot be read as ${format.type ?? 'JSON'}: ${(error as Error).message}`);
    }
    if (rows.length > maxDataRows)
      return problem(
        `Chart data has ${rows.length} rows; a chart takes at most ${maxDataRows}: summarise the data first`
      );
    return rows.filter((row): row is Record<string, unknown> => row !== null && typeof row === 'object');
  };
  visit(spec, []);
  if (problems.length === 0) problems.push(...missingFields(spec, block, sources));
  return problems.length > 0 ? {problems} : {data: {spec, files, rows: sources[0] ?? []}, problems};
}

function readDataFile(
  contentDir: string,
  relative: string,
  written: string,
  problem: (reason: string) => undefined
): string | undefined {
  let real: string;
  try {
    real = realpathSync(path.join(contentDir, relative));
  } catch (error) {
    const reason = fileProblem(error);
    return problem(
      reason === 'does not exist'
        ? `Cannot find chart data \`${written}\`; check the path, which is relative to this file`
        : `Chart data \`${written}\` ${reason}`
    );
  }
  if (!real.startsWith(contentDir + path.sep))
    return problem(`Chart data \`${written}\` is outside the content folder; a report is built from its own files`);
  const size = statSync(real).size;
  if (size > maxDataFileBytes)
    return problem(
      `Chart data \`${written}\` is ${Math.ceil(size / 1024)} KiB; a chart reads at most ${maxDataFileBytes / 1024 / 1024} MiB: summarise the data first`
    );
  try {
    return readFileSync(real, 'utf8');
  } catch (error) {
    return problem(`Chart data \`${written}\` ${fileProblem(error)}`);
  }
}

/** Every encoded field no data source of the chart has, nor any transform makes. */
function missingFields(
  spec: Record<string, unknown>,
  block: ChartBlock,
  sources: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>
): ChartProblem[] {
  const made = new Set<string>();
  let unknowable = false;
  const encoded: Array<{field: string; path: Array<string | number>}> = [];
  const visit = (value: unknown, at: Array<string | number>): void => {
    if (Array.isArray(value)) return value.forEach((item, index) => visit(item, [...at, index]));
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === 'values' || key === 'usermeta') continue;
      if (key === 'as') for (const name of [child].flat()) if (typeof name === 'string') made.add(name);
      // Fields made from the data's values (pivot) or under default names (fold, density, quantile, regression, loess) are not listed in advance.
      if (['pivot', 'fold', 'repeat', 'density', 'quantile', 'regression', 'loess'].includes(key)) unknowable = true;
      if (key === 'field' && typeof child === 'string' && at.includes('encoding'))
        encoded.push({field: child, path: [...at, key]});
      visit(child, [...at, key]);
    }
  };
  visit(spec, []);
  if (unknowable || sources.length === 0) return [];
  const columns = new Set(sources.flatMap((rows) => rows.slice(0, 1000).flatMap((row) => Object.keys(row))));
  const known = [...columns].sort();
  return encoded.flatMap(({field, path: at}) => {
    const top = field.includes('\\') ? field : field.split('.')[0]!;
    if (columns.has(top) || made.has(field) || made.has(top) || known.length === 0) return [];
    const meant = nearest(field, known);
    return [
      {
        reason: `Field \`${field}\` is not in the chart’s data; the data has ${known.map((name) => `\`${name}\``).join(', ')}${meant ? `; did you mean \`${meant}\`?` : ''}`,
        place: block.placeOf(at),
        ruleId: ruleIds.chartData
      }
    ];
  });
}
