import {setImmediate as nextTurn} from 'node:timers/promises';
import type {Worker} from 'node:worker_threads';
import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import {parallelParseBytes, parseWorkerCount, takeParseWorker} from './parse-workers.js';
import {parseMarkdown} from './parse.js';
import type {ParseReply, ParseRequest} from './parse-worker.js';

/** How many files a parse worker holds at once: the one it parses, and the next ones. */
const filesInHand = 3;

/** Parse many files' Markdown; the trees come back in the files' order. */
export type ParseMany = (files: readonly VFile[]) => Promise<Root[]>;

/**
 * Parse `files` on the main thread and, for a large report, on worker threads too (one per
 * spare core): see `parseInParallel`.
 */
export async function parseMany(files: readonly VFile[]): Promise<Root[]> {
  const bytes = files.reduce((sum, file) => sum + String(file.value).length, 0);
  const workerCount = parseWorkerCount();
  if (bytes < parallelParseBytes || workerCount < 1 || files.length < 2)
    return files.map((file) => parseMarkdown(file));
  return (await parseInParallel(files, workerCount)).trees;
}

/**
 * Parse `files` on the main thread and on `workerCount` worker threads: the main thread takes
 * the next file as it finishes one, and each worker holds a few (`filesInHand`), so that it never
 * waits for the main thread between files; a long file holds up only the few behind it in its
 * worker, while the main thread goes on with the rest. A file whose parse reports
 * something, or whose worker fails, is parsed on the main thread, so every message lands on
 * its own file and a broken worker only costs time. Also says how many files the workers parsed.
 */
export async function parseInParallel(
  files: readonly VFile[],
  workerCount: number,
  start: () => Worker = takeParseWorker
): Promise<{trees: Root[]; byWorkers: number}> {
  let byWorkers = 0;
  const trees: Array<Root | undefined> = new Array(files.length);
  const onMain: number[] = [];
  let next = 0;
  let settled = 0;
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const settle = () => {
    if (++settled === files.length) allSettled();
  };
  const workers = Array.from({length: workerCount}, () => {
    const worker = start();
    // Files sent and not yet answered: a worker holds a few, so that it never waits for the
    // main thread (busy with a file of its own) to hand it the next one.
    const inHand = new Set<number>();
    const take = () => {
      while (inHand.size < filesInHand && next < files.length) {
        const index = next++;
        inHand.add(index);
        worker.postMessage({index, path: files[index]!.path, text: String(files[index]!.value)} satisfies ParseRequest);
      }
      if (inHand.size === 0) void worker.terminate();
    };
    worker.on('message', (reply: ParseReply) => {
      inHand.delete(reply.index);
      if ('tree' in reply) {
        trees[reply.index] = reply.tree as Root;
        byWorkers++;
      } else onMain.push(reply.index);
      settle();
      take();
    });
    // A worker that fails or stops with files in hand gives them to the main thread.
    const lost = () => {
      for (const index of inHand) {
        onMain.push(index);
        settle();
      }
      inHand.clear();
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    take();
    return worker;
  });
  try {
    // The main thread parses too, giving the workers' replies a turn between files.
    while (next < files.length) {
      const index = next++;
      trees[index] = parseMarkdown(files[index]!);
      settle();
      await nextTurn();
    }
    await done;
  } finally {
    // Also when a parse throws: a worker left running would keep the process alive.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  for (const index of onMain) trees[index] = parseMarkdown(files[index]!);
  return {trees: trees as Root[], byWorkers};
}
