import {Worker, type WorkerOptions} from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside the caller's (`import.meta.url`), in the
 * caller's own form: the compiled JavaScript in `dist/` as `folio` runs it, or the TypeScript
 * source under tsx (tests, scripts), whose hooks a worker does not inherit (nor take from
 * `--import` in Node 20), so such a worker registers them before loading its module.
 */
export function startWorker(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const extension = callerUrl.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./${name}${extension}`, callerUrl).href;
  if (extension === '.js') return new Worker(new URL(entry), options);
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`,
    {...options, eval: true}
  );
}
