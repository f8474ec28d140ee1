import {setFlagsFromString} from 'node:v8';
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
  if (options.resourceLimits?.maxOldGenerationSizeMb === undefined) return createWorker(callerUrl, name, options);
  // A `--max-old-space-size` given to Node (in NODE_OPTIONS, say, as CI jobs often do) is a V8
  // flag, global to the process, and V8 lets it override the heap limit a worker asks for
  // (nodejs/node#43991): a chart worker bounded at 1 GiB would grow to the user's 8. V8 reads
  // the flag only when it sizes a new heap, which a worker does on its own thread, before it
  // comes online. So the flag is cleared until every bounded worker started is online (or
  // gone), then set back; the caller's heap, sized long before, keeps the user's limit.
  const userLimit = maxOldSpaceSizeFlag();
  if (userLimit === undefined) return createWorker(callerUrl, name, options);
  if (workersBeingSized++ === 0) setFlagsFromString('--max-old-space-size=0');
  let sized = false;
  const onSized = () => {
    if (sized) return;
    sized = true;
    if (--workersBeingSized === 0) setFlagsFromString(`--max-old-space-size=${userLimit}`);
  };
  try {
    return createWorker(callerUrl, name, options).once('online', onSized).once('error', onSized).once('exit', onSized);
  } catch (error) {
    onSized();
    throw error;
  }
}

/** Bounded workers started whose heap may not be sized yet (see `startWorker`). */
let workersBeingSized = 0;

/** The value of the last `--max-old-space-size` Node was given, on its command line or in NODE_OPTIONS (which comes first). */
function maxOldSpaceSizeFlag(): string | undefined {
  const options = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  const values = [...options.matchAll(/--max[-_]old[-_]space[-_]size(?:=|\s+)(\d+)/g)].map((match) => match[1]);
  return values.at(-1);
}

function createWorker(callerUrl: string, name: string, options: WorkerOptions): Worker {
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
