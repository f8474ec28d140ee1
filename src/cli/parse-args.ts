import {parseArgs} from 'node:util';
import {allFormats, type Format} from '../formats.js';
import {debugRequested} from '../system/debug-requested.mjs';

/** What the command line asks for. `debug` shows the cause and stack of a failure. */
export type Command =
  | {name: 'help'; text: string}
  | {name: 'check'; contentDir: string; strict: boolean; debug: boolean}
  | {name: 'translations'; contentDir: string; stamp: string[]; debug: boolean}
  | {name: 'init'; dir: string; debug: boolean}
  | {
      name: 'plan';
      contentDir: string;
      formats: Format[];
      chapters: string[];
      shards: number;
      json: boolean;
      debug: boolean;
    }
  | {
      name: 'build';
      contentDir: string;
      outDir: string;
      formats: Format[];
      chapters: string[];
      quiet: boolean;
      watch: boolean;
      strict: boolean;
      shard?: {index: number; count: number};
      debug: boolean;
    };

/** The text of `folio --help`. */
export const helpText = `Usage: folio <command> [options]

Commands:
  build            Check the report, then build its editions into the output folder
  check            Check the report and print every problem; write nothing
  init [DIR]       Start a new report in DIR (default: content): a manifest, a foreword
                   and a country chapter with two sections and a figure, to edit
  plan             List the outputs a build makes (edition × format × brief), each with
                   its expected pages, and which of N shards builds it
  translations     Show, per edition and chapter, which files are translated, stale,
                   unstamped or missing; --stamp marks a reviewed translation as current
  help             Show this help

Options of build:
  --content DIR    The report's content folder, holding report.yaml (default: content)
  --out DIR        Where build writes its files (default: output)
  --format LIST    Comma-separated formats to build: pdf, epub, briefs (default: all)
  --chapter SLUG   With briefs: build only this chapter's brief (repeatable)
  --quiet          Print problems and failures only, no progress
  --watch          Rebuild after every change to the content or templates
  --strict         Make a stale or unstamped translation an error, not a warning
  --shard I/N      Build only the I-th of N balanced shares of the outputs (see \`plan\`):
                   N jobs with I = 1 … N together build every output exactly once
Options of check:
  --content DIR    As for build
  --strict         As for build
Options of plan:
  --content DIR, --format LIST, --chapter SLUG   As for build
  --shards N       Say which of N shards builds each output (default: 1)
  --json           Print the plan as JSON, for a CI job to read
Options of translations:
  --content DIR    As for build
  --stamp FILE     Record that FILE (a translation, relative to the content folder) is
                   up to date with its source (repeatable)
Options of every command:
  --debug          On a failure, also print its causes with their stack traces
                   (or set DEBUG=folio)
  -h, --help       Show this help

Outputs:
  <out>/<slug>.pdf           the whole report, for print
  <out>/<slug>.epub          the EPUB 3 edition
  <out>/briefs/<chapter>.pdf one printed brief per chapter marked \`brief: true\`
  Each edition other than the source language's adds .<language> before the extension.

Exit code 0 on success; 1 when the content has errors or a stage fails.
`;

/** A command-line mistake, reported with the usage. */
export class UsageError extends Error {}

/** The options each command takes; any other is a usage error, never silently ignored. */
const commandOptions = {
  build: ['content', 'out', 'format', 'chapter', 'quiet', 'watch', 'strict', 'shard'],
  plan: ['content', 'format', 'chapter', 'shards', 'json'],
  check: ['content', 'strict'],
  translations: ['content', 'stamp'],
  init: []
} as const;

/** Parse `argv` (without node and the script) into a command. Pure: throws `UsageError` on bad input. */
export function parseCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        content: {type: 'string'},
        out: {type: 'string'},
        format: {type: 'string'},
        chapter: {type: 'string', multiple: true},
        quiet: {type: 'boolean'},
        watch: {type: 'boolean'},
        strict: {type: 'boolean'},
        stamp: {type: 'string', multiple: true},
        shard: {type: 'string'},
        shards: {type: 'string'},
        json: {type: 'boolean'},
        debug: {type: 'boolean'},
        help: {type: 'boolean', short: 'h'}
      }
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const {values, positionals} = parsed;
  const name = positionals[0] ?? 'help';
  if (values.help || name === 'help') return {name: 'help', text: helpText};
  if (!(name in commandOptions))
    throw new UsageError(
      `Unknown command \`${name}\`; use \`build\`, \`check\`, \`init\`, \`plan\`, \`translations\` or \`help\``
    );
  const command = name as keyof typeof commandOptions;
  const allowed: readonly string[] = commandOptions[command];
  const misplaced = Object.keys(values).find((option) => option !== 'debug' && !allowed.includes(option));
  if (misplaced)
    throw new UsageError(
      `\`--${misplaced}\` does not apply to \`${command}\`${allowed.length ? `; it takes ${allowed.map((option) => `\`--${option}\``).join(', ')}` : ''}`
    );
  const extra = positionals[command === 'init' ? 2 : 1];
  if (extra !== undefined) throw new UsageError(`Unexpected argument \`${extra}\``);
  const debug = debugRequested(argv, env);
  const contentDir = values.content ?? 'content';
  if (command === 'init') return {name: 'init', dir: positionals[1] ?? 'content', debug};
  if (command === 'check') return {name: 'check', contentDir, strict: values.strict ?? false, debug};
  if (command === 'translations') return {name: 'translations', contentDir, stamp: values.stamp ?? [], debug};
  if (command === 'plan')
    return {
      name: 'plan',
      contentDir,
      formats: parseFormats(values.format),
      chapters: values.chapter ?? [],
      shards: values.shards === undefined ? 1 : wholeNumber(values.shards, '--shards'),
      json: values.json ?? false,
      debug
    };
  return {
    name: 'build',
    contentDir,
    outDir: values.out ?? 'output',
    formats: parseFormats(values.format),
    chapters: values.chapter ?? [],
    quiet: values.quiet ?? false,
    watch: values.watch ?? false,
    strict: values.strict ?? false,
    ...(values.shard === undefined ? {} : {shard: parseShard(values.shard, values.watch ?? false)}),
    debug
  };
}

/** `--shard I/N`: the I-th (1 … N) of N shares. */
function parseShard(value: string, watch: boolean): {index: number; count: number} {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!match) throw new UsageError(`\`--shard\` takes I/N, such as \`--shard 2/4\`, not \`${value}\``);
  const [index, count] = [Number(match[1]), Number(match[2])];
  if (count < 1 || index < 1 || index > count)
    throw new UsageError(`\`--shard ${value}\`: I must be from 1 to N, and N at least 1`);
  if (watch) throw new UsageError('`--shard` builds a share for a CI job; it does not go with `--watch`');
  return {index, count};
}

function wholeNumber(value: string, option: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1)
    throw new UsageError(`\`${option}\` takes a whole number from 1, not \`${value}\``);
  return number;
}

function parseFormats(value: string | undefined): Format[] {
  if (value === undefined) return [...allFormats];
  const formats = value
    .split(',')
    .map((format) => format.trim())
    .filter(Boolean);
  const unknown = formats.filter((format) => !(allFormats as readonly string[]).includes(format));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UsageError(`Unknown format \`${unknown[0] ?? value}\`; use one or more of ${allFormats.join(', ')}`);
  }
  return [...new Set(formats)] as Format[];
}
