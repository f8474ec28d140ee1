import {build, checkReport} from './build.js';
import {parseCommand, UsageError, helpText} from './cli/parse-args.js';
import {FolioError} from './diagnostics/errors.js';
import {Progress} from './diagnostics/progress.js';

/** `folio` on the command line: parse, run, and turn failures into a message and exit code 1. */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCommand(argv);
  if (command.name === 'help') {
    process.stdout.write(command.text);
  } else if (command.name === 'check') {
    await checkReport(command.contentDir, new Progress(true), process.stderr);
  } else {
    await build({contentDir: command.contentDir, outDir: command.outDir, formats: command.formats, chapters: command.chapters, quiet: command.quiet});
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`folio: ${error.message}\n\n${helpText}`);
  } else if (error instanceof FolioError) {
    process.stderr.write(`folio: ${error.message}\n`);
  } else {
    process.stderr.write(`folio: unexpected failure: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
});
