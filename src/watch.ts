import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';
import type {BuildOptions, BuildResult} from './build.js';
import {FolioError} from './diagnostics/errors.js';

/** How long the folders must be quiet before a rebuild starts: an editor's save is often several writes. */
const settleMs = 150;

/** What `watchBuild` needs: the build to run, and the folders whose changes trigger it. */
export interface WatchOptions {
  build: (options: BuildOptions) => Promise<BuildResult>;
  options: BuildOptions;
  /** The content and templates folders. */
  folders: readonly string[];
  /** Where each rebuild's time and failures are printed. */
  log?: NodeJS.WritableStream;
  /** Stops watching when aborted (tests; the command line stops on Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Build, then rebuild after every change in the watched folders, printing each rebuild's time.
 * A failed build is reported and the watch goes on; changes made during a build start one more
 * build when it ends. Changes inside the output folder and to hidden files (editor swap files,
 * Folio's own cache) are ignored. Resolves when `signal` aborts.
 */
export async function watchBuild({
  build,
  options,
  folders,
  log = process.stderr,
  signal: outer
}: WatchOptions): Promise<void> {
  // Stops on the caller's signal, or when a watcher fails.
  const stopped = new AbortController();
  outer?.addEventListener('abort', () => stopped.abort(), {once: true});
  if (outer?.aborted) stopped.abort();
  const signal = stopped.signal;
  const outDir = path.resolve(options.outDir);
  let dirty = true;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    while (dirty && !signal.aborted) {
      dirty = false;
      const started = performance.now();
      try {
        const result = await build(options);
        log.write(
          `folio: built ${result.files.length} files in ${seconds(performance.now() - started)}; watching ${folders.join(', ')} for changes\n`
        );
      } catch (error) {
        // Content errors were printed with their positions by the build itself.
        const reason = error instanceof FolioError ? error.message : ((error as Error)?.stack ?? String(error));
        log.write(
          `folio: build failed after ${seconds(performance.now() - started)}: ${reason}\nfolio: waiting for changes\n`
        );
      }
    }
    running = undefined;
  };
  const changed = (folder: string, name: string | Buffer | null) => {
    const file = name ? path.resolve(folder, String(name)) : folder;
    if (file === outDir || file.startsWith(outDir + path.sep)) return;
    if (
      path
        .relative(folder, file)
        .split(path.sep)
        .some((part) => part.startsWith('.') || part.endsWith('~'))
    )
      return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(() => (running ??= run()), settleMs);
  };
  const watchers: FSWatcher[] = folders.map((folder) => {
    const watcher = watch(folder, {recursive: true}, (_event, name) => changed(folder, name));
    // A watched folder that is deleted or renamed ends the watch with a message, not a crash.
    watcher.on('error', (error) => {
      log.write(`folio: stopped watching ${folder}: ${error.message}\n`);
      stopped.abort();
    });
    return watcher;
  });
  running = run();
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), {once: true});
  });
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await running;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
