import {parseYaml} from '../config/yaml.js';
import {ruleIds, type RuleId} from '../diagnostics/rule-ids.js';
import {chartRoutesOut} from './chart-routes.js';
import {unknownProperties} from './spec-properties.js';

/** A problem with a chart block, at a line and column of its Markdown file. */
export interface ChartProblem {
  reason: string;
  place: {line: number; column: number};
  ruleId: RuleId;
  warning?: boolean;
}

/** A chart block, read: the Vega-Lite spec and the words Folio takes from it. */
export interface ChartBlock {
  /** The Vega-Lite spec, without Folio's own `caption`. */
  spec: Record<string, unknown>;
  /** The text alternative: the spec's `description`. */
  description?: string;
  /** The caption printed beneath the chart. */
  caption?: string;
  /** Where a path of the spec is written in the Markdown file. */
  placeOf(path: readonly PropertyKey[]): {line: number; column: number};
}

/** The longest chart block Folio reads; a chart's data beyond a table of this size belongs in a data file. */
export const maxChartBlockBytes = 64 * 1024;

/**
 * Read the text of a ```` ```chart ```` block (YAML, or JSON, which is YAML too): a Vega-Lite
 * spec with Folio's `caption` beside it. `firstLine` is the line of the Markdown file the
 * block's text starts on. Reports every property Vega-Lite does not know, with the one probably
 * meant, and every way out of the report the spec names (see chart-routes.ts).
 */
export function readChartBlock(
  text: string,
  firstLine: number,
  fence: {line: number; column: number}
): {block?: ChartBlock; problems: ChartProblem[]} {
  const problems: ChartProblem[] = [];
  const error = (reason: string, place: {line: number; column: number}, ruleId: RuleId = ruleIds.chartSpec) =>
    problems.push({reason, place, ruleId});
  const bytes = Buffer.byteLength(text);
  if (bytes > maxChartBlockBytes) {
    error(
      `Chart block is ${Math.ceil(bytes / 1024)} KiB; at most ${maxChartBlockBytes / 1024} KiB are read: put the data in a CSV or JSON file beside the section and name it with \`data: {url: …}\``,
      fence,
      ruleIds.contentTooLarge
    );
    return {problems};
  }
  const yaml = parseYaml(text, firstLine - 1);
  for (const problem of yaml.errors)
    error(`Chart block is not valid YAML or JSON: ${problem.reason}`, {line: problem.line, column: problem.column});
  if (problems.length > 0) return {problems};
  const value = yaml.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    error('Chart block must be a Vega-Lite spec: a mapping with `mark` and `encoding` (or `layer`, …)', fence);
    return {problems};
  }
  const {caption, ...spec} = value as Record<string, unknown>;
  if (caption !== undefined && typeof caption !== 'string')
    error('The chart’s `caption` must be text', yaml.placeOf(['caption']));
  // A misplaced `url` or `href` is reported once, as the way out of the report it is (below).
  for (const unknown of unknownProperties(spec).filter(
    (entry) => entry.value || !['url', 'href'].includes(entry.name)
  )) {
    const where = unknown.path.length > 0 ? ` in \`${unknown.path.join('.')}\`` : '';
    if (unknown.value) {
      error(
        `Chart \`${unknown.path.join('.')}\` cannot be \`${unknown.name}\`${unknown.suggestion ? `; did you mean \`${unknown.suggestion}\`?` : "; see Vega-Lite's documentation for the values it takes"}`,
        yaml.placeOf(unknown.path)
      );
      continue;
    }
    error(
      unknown.suggestion
        ? `Unknown chart property \`${unknown.name}\`${where}; did you mean \`${unknown.suggestion}\`?`
        : `Unknown chart property \`${unknown.name}\`${where}; remove it or check the spelling against Vega-Lite's documentation`,
      yaml.placeOfKey([...unknown.path, unknown.name])
    );
  }
  for (const route of chartRoutesOut(spec)) error(route.reason, yaml.placeOf(route.path), ruleIds.chartRemote);
  const description = typeof spec.description === 'string' ? spec.description.trim() : undefined;
  if (!description)
    problems.push({
      reason:
        'Chart has no text alternative; add `description:` saying what the chart shows, for readers who cannot see it',
      place: fence,
      ruleId: ruleIds.imageAlt,
      warning: true
    });
  return {
    block: {spec, description, caption: caption as string | undefined, placeOf: yaml.placeOf},
    problems
  };
}
