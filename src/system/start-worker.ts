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
  const requested = options.resourceLimits?.maxOldGenerationSizeMb;
  if (requested === undefined) return createWorker(callerUrl, name, options);
  const userFlags = heapFlags();
  if (userFlags.size === 0) return createWorker(callerUrl, name, options);
  // A heap limit given to Node (`--max-old-space-size` or `--max-heap-size`, in NODE_OPTIONS,
  // say, as CI jobs often set it) is a V8 flag, global to the process, and V8 lets it override
  // the limit a worker asks for (nodejs/node#43991): a chart worker bounded at 1 GiB would grow
  // to the user's 8. V8 reads the flags only when it sizes a new heap, which a worker does on its
  // own thread before it comes online. So they are cleared until every bounded worker started is
  // online (or gone), then set back: the caller's heap, sized long before, keeps the user's
  // limit, and the worker gets the lower of the two. (Every bounded worker is started from the
  // main thread; a worker that someone else started in that moment would get V8's default.)
  const bounded = {
    ...options,
    resourceLimits: {...options.resourceLimits, maxOldGenerationSizeMb: Math.min(requested, ...userFlags.values())}
  };
  if (workersBeingSized++ === 0) for (const flag of userFlags.keys()) setFlagsFromString(`--${flag}=0`);
  const restore = () => {
    if (--workersBeingSized === 0) for (const [flag, mb] of userFlags) setFlagsFromString(`--${flag}=${mb}`);
  };
  const sized = () => {
    worker.off('online', sized).off('error', sized).off('exit', sized);
    restore();
  };
  let worker: Worker;
  try {
    worker = createWorker(callerUrl, name, bounded);
  } catch (error) {
    restore();
    throw error;
  }
  // Removed at the first of these: left on, an 'error' listener would hide the worker's later errors.
  return worker.on('online', sized).on('error', sized).on('exit', sized);
}

/** Bounded workers started whose heap may not be sized yet (see `startWorker`). */
let workersBeingSized = 0;

/**
 * The heap limits Node was given, in MiB, by flag name: the last `--max-old-space-size` and
 * `--max-heap-size` (either spelled with `_`) on its command line or in NODE_OPTIONS (which
 * comes first).
 */
function heapFlags(): Map<string, number> {
  const options = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  const flags = new Map<string, number>();
  for (const [, flag, mb] of options.matchAll(/--(max[-_]old[-_]space[-_]size|max[-_]heap[-_]size)=(\d+)/g))
    flags.set(flag!.replaceAll('_', '-'), Number(mb));
  for (const [flag, mb] of flags) if (mb === 0) flags.delete(flag); // 0 is V8's "no limit of mine".
  return flags;
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
