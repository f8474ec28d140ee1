import {reuseUnchangedBuild} from './cache/build-cache.js';
import {startParseWorkers} from './markdown/parse-workers.js';
import {parseCommand, UsageError, helpText, type Command} from './cli/parse-args.js';
import {checkContentFolder} from './content/content-folder.js';
import {FolioError} from './diagnostics/errors.js';
import {Progress} from './diagnostics/progress.js';
import {defaultTemplatesDir} from './project-paths.js';

/** `folio` on the command line: parse, run, and turn failures into one message and exit code 1. */
async function main(command: Command): Promise<void> {
  if (command.name === 'help') {
    process.stdout.write(command.text);
    return;
  }
  if (command.name === 'init') {
    const {initReport} = await import('./init/init-report.js');
    const files = await initReport(command.dir, defaultTemplatesDir, new Date());
    process.stderr.write(
      `folio: started a report in ${command.dir}:\n${files.map((file) => `  ${file}\n`).join('')}` +
        `Next: edit ${command.dir}/report.yaml (title, publisher, authors, identifier), rename the country chapter, ` +
        `then run \`folio check --content ${command.dir}\` and \`folio build --content ${command.dir}\`.\n`
    );
    return;
  }
  await checkContentFolder(command.contentDir);
  if (command.name === 'check') {
    const {checkEditions} = await import('./build.js');
    await checkEditions(command.contentDir, {strict: command.strict});
    return;
  }
  if (command.name === 'plan') {
    const {planCommand} = await import('./plan/print-plan.js');
    process.stdout.write(await planCommand(command));
    return;
  }
  if (command.name === 'translations') {
    const {translationsCommand} = await import('./translations.js');
    process.stdout.write(await translationsCommand(command.contentDir, command.stamp));
    return;
  }
  const options = {
    contentDir: command.contentDir,
    outDir: command.outDir,
    formats: command.formats,
    chapters: command.chapters,
    quiet: command.quiet,
    strict: command.strict,
    shard: command.shard
  };
  if (command.watch) {
    const [{build}, {watchBuild}] = await Promise.all([import('./build.js'), import('./watch.js')]);
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await watchBuild({build, options, folders: [command.contentDir, defaultTemplatesDir], signal: stop.signal});
    return;
  }
  // Whether the last outputs are still up to date is known before the pipeline is even loaded.
  const {cache, reused} = await reuseUnchangedBuild(options, new Progress(command.quiet), process.stderr);
  if (reused) return;
  // The parse workers load the Markdown reader while this thread loads the pipeline.
  startParseWorkers(cache.markdownBytes);
  const {build} = await import('./build.js');
  await build({...options, cache});
}

/** A failure as the user sees it: one line for Folio's own errors; with `--debug`, every cause and its stack. */
function report(error: unknown, debug: boolean): string {
  if (error instanceof UsageError) return `folio: ${error.message}\n\n${helpText}`;
  const summary =
    error instanceof FolioError
      ? `folio: ${error.message}\n`
      : `folio: unexpected failure: ${(error as Error)?.message ?? String(error)}\n`;
  if (!debug)
    return error instanceof FolioError
      ? summary
      : `${summary}This is a bug in Folio; run again with --debug for its stack trace, and report it.\n`;
  const chain: string[] = [];
  for (let cause: unknown = error; cause !== undefined; cause = (cause as Error)?.cause)
    chain.push((cause as Error)?.stack ?? String(cause));
  return `${summary}${chain.map((entry, index) => `${index === 0 ? '' : 'Caused by: '}${entry}\n`).join('')}`;
}

let command: Command | undefined;
try {
  command = parseCommand(process.argv.slice(2), process.env);
  await main(command);
} catch (error) {
  process.stderr.write(report(error, command !== undefined && 'debug' in command && command.debug));
  process.exitCode = 1;
}
