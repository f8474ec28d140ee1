import {availableParallelism} from 'node:os';
import type {Worker} from 'node:worker_threads';
import {startWorker} from '../system/start-worker.js';

/** Workers started ahead of a parse (see `startParseWorkers`) and not yet taken. */
const waiting: Worker[] = [];

/** Below this much Markdown, starting a worker thread (some 0.3 s) costs more than it saves. */
export const parallelParseBytes = 512 * 1024;

/** How many worker threads a large parse uses: one per spare core, three at most. */
export function parseWorkerCount(): number {
  return Math.min(availableParallelism() - 1, 3);
}

/**
 * Start the parse workers now, before the Markdown is read, for content of `parallelParseBytes`
 * or more: a worker takes some 0.3 s to load the Markdown reader, which then overlaps the main
 * thread's own work (loading the pipeline, starting Chromium) instead of the parse. A worker no
 * parse takes (every file cached, say) keeps no process alive, but it has cost its start-up and
 * holds its memory until a parse takes it or the process ends. This module loads nothing heavy.
 */
export function startParseWorkers(markdownBytes: number, start: () => Worker = startParseWorker): void {
  if (markdownBytes < parallelParseBytes) return;
  while (waiting.length < parseWorkerCount()) {
    const worker = start();
    worker.unref();
    // One that fails before a parse takes it is dropped (a parse then starts its own).
    const drop = () => {
      const index = waiting.indexOf(worker);
      if (index >= 0) waiting.splice(index, 1);
    };
    worker.once('error', drop).once('exit', drop);
    waiting.push(worker);
  }
}

/** A worker started ahead, or a new one. */
export function takeParseWorker(): Worker {
  const worker = waiting.shift();
  if (!worker) return startParseWorker();
  worker.ref();
  return worker;
}

/** A parse worker (parse-worker.ts). */
function startParseWorker(): Worker {
  return startWorker(import.meta.url, 'parse-worker');
}
