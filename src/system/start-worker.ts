import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside the caller's (`import.meta.url`), in the
 * caller's own form: the compiled JavaScript in `dist/` as `folio` runs it, or the TypeScript
 * source under tsx (tests, scripts), whose hooks a worker does not inherit (nor take from
 * `--import` in Node 20), so such a worker registers them before loading its module.
 *
 * A worker inherits the options Node was started with, but not `process.setSourceMapsEnabled`
 * (which `folio --debug` calls): without it, a worker's stack trace names lines of dist/, not
 * src/. So a worker of a thread that has source maps turns them on itself, first. (Passing
 * `--enable-source-maps` in `execArgv` instead would replace the inherited options, and Node
 * refuses a worker given V8's, such as `--max-old-space-size`.)
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./${name}${extension}`, callerUrl).href;
  const sourceMaps = process.sourceMapsEnabled ? 'process.setSourceMapsEnabled(true); ' : '';
  if (extension === '.js' && !sourceMaps) return new Worker(new URL(entry), options);
  const load =
    extension === '.js'
      ? `import(${JSON.stringify(entry)})`
      : `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  // A module that fails to load is thrown, not left as a rejection: the worker's 'error' event
  // reports it whatever --unhandled-rejections says, as it does for a worker started from its file.
  return new Worker(`${sourceMaps}${load}.catch((error) => setImmediate(() => { throw error; }));`, {
    ...options,
    eval: true
  });
}
