import {reuseUnchangedBuild} from './cache/build-cache.js';
import {parseCommand, UsageError, helpText} from './cli/parse-args.js';
import {FolioError} from './diagnostics/errors.js';
import {Progress} from './diagnostics/progress.js';

/** `folio` on the command line: parse, run, and turn failures into a message and exit code 1. */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCommand(argv);
  if (command.name === 'help') {
    process.stdout.write(command.text);
  } else if (command.name === 'check') {
    const {checkReport} = await import('./build.js');
    await checkReport(command.contentDir);
  } else {
    const options = {contentDir: command.contentDir, outDir: command.outDir, formats: command.formats, chapters: command.chapters, quiet: command.quiet};
    if (command.watch) {
      const [{build}, {watchBuild}, {defaultTemplatesDir}] = await Promise.all([import('./build.js'), import('./watch.js'), import('./project-paths.js')]);
      const stop = new AbortController();
      process.once('SIGINT', () => stop.abort());
      await watchBuild({build, options, folders: [command.contentDir, defaultTemplatesDir], signal: stop.signal});
      return;
    }
    // Whether the last outputs are still up to date is known before the pipeline is even loaded.
    const {cache, reused} = await reuseUnchangedBuild(options, new Progress(command.quiet), process.stderr);
    if (reused) return;
    const {build} = await import('./build.js');
    await build({...options, cache});
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
