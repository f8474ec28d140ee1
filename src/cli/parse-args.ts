import {parseArgs} from 'node:util';

/** The formats `folio build` makes. */
export const allFormats = ['pdf', 'epub', 'briefs'] as const;
export type Format = (typeof allFormats)[number];

/** What the command line asks for. */
export type Command =
  | {name: 'help'; text: string}
  | {name: 'check'; contentDir: string; quiet: boolean}
  | {name: 'build'; contentDir: string; outDir: string; formats: Format[]; chapters: string[]; quiet: boolean; watch: boolean};

/** The text of `folio --help`. */
export const helpText = `Usage: folio <command> [options]

Commands:
  build            Check the report, then build its editions into the output folder
  check            Check the report and print every problem; write nothing
  help             Show this help

Options:
  --content DIR    The report's content folder, holding report.yaml (default: content)
  --out DIR        Where build writes its files (default: output)
  --format LIST    Comma-separated formats to build: pdf, epub, briefs (default: all)
  --chapter SLUG   With briefs: build only this chapter's brief (repeatable)
  --quiet          Print problems and failures only, no progress
  --watch          With build: rebuild after every change to the content or templates
  -h, --help       Show this help

Outputs:
  <out>/<slug>.pdf           the whole report, for print
  <out>/<slug>.epub          the EPUB 3 edition
  <out>/briefs/<chapter>.pdf one printed brief per chapter marked \`brief: true\`

Exit code 0 on success; 1 when the content has errors or a stage fails.
`;

/** A command-line mistake, reported with the usage. */
export class UsageError extends Error {}

/** Parse `argv` (without node and the script) into a command. Pure: throws `UsageError` on bad input. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        content: {type: 'string', default: 'content'},
        out: {type: 'string', default: 'output'},
        format: {type: 'string'},
        chapter: {type: 'string', multiple: true, default: []},
        quiet: {type: 'boolean', default: false},
        watch: {type: 'boolean', default: false},
        help: {type: 'boolean', short: 'h', default: false}
      }
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const {values, positionals} = parsed;
  const name = positionals[0] ?? 'help';
  if (values.help || name === 'help') return {name: 'help', text: helpText};
  if (positionals.length > 1) throw new UsageError(`Unexpected argument \`${positionals[1]}\``);
  if (name === 'check') return {name: 'check', contentDir: values.content, quiet: values.quiet};
  if (name !== 'build') throw new UsageError(`Unknown command \`${name}\`; use \`build\`, \`check\` or \`help\``);
  return {
    name: 'build',
    contentDir: values.content,
    outDir: values.out,
    formats: parseFormats(values.format),
    chapters: values.chapter,
    quiet: values.quiet,
    watch: values.watch
  };
}

function parseFormats(value: string | undefined): Format[] {
  if (value === undefined) return [...allFormats];
  const formats = value.split(',').map((format) => format.trim()).filter(Boolean);
  const unknown = formats.filter((format) => !(allFormats as readonly string[]).includes(format));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UsageError(`Unknown format \`${unknown[0] ?? value}\`; use one or more of ${allFormats.join(', ')}`);
  }
  return [...new Set(formats)] as Format[];
}
