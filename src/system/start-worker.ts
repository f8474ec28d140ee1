import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside the caller's (`import.meta.url`), in the
 * caller's own form: the compiled JavaScript in `dist/` as `folio` runs it, or the TypeScript
 * source under tsx (tests, scripts), whose hooks a worker does not inherit (nor take from
 * `--import` in Node 20), so such a worker registers them before loading its module.
 */
export function startWorker(callerUrl: string, name: string, givenOptions: WorkerOptions = {}): Worker {
  const options = {...givenOptions, execArgv: givenOptions.execArgv ?? workerArguments()};
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./${name}${extension}`, callerUrl).href;
  if (extension === '.js') return new Worker(new URL(entry), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    {...options, eval: true}
  );
}

/**
 * A worker's Node options: its parent's, and source maps wherever the parent has them. A worker
 * inherits the options Node was started with, but not `process.setSourceMapsEnabled` (which
 * `folio --debug` calls), and without it a worker's stack trace names lines of dist/, not src/.
 */
export function workerArguments(
  execArgv: readonly string[] = process.execArgv,
  sourceMaps = process.sourceMapsEnabled
): string[] {
  return sourceMaps && !execArgv.includes('--enable-source-maps')
    ? [...execArgv, '--enable-source-maps']
    : [...execArgv];
}
