import {setImmediate as nextTurn} from 'node:timers/promises';
import type {Worker} from 'node:worker_threads';
import type {Root} from 'mdast';
import type {VFile} from 'vfile';
import {parallelParseBytes, parseWorkerCount, takeParseWorker} from './parse-workers.js';
import {parseMarkdown} from './parse.js';
import type {ParseReply, ParseRequest} from './parse-worker.js';

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
 * Parse `files` on the main thread and on `workerCount` worker threads: each takes the next
 * file as it finishes one, so a long file holds up no one. A file whose parse reports
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
  const send = (worker: Worker) => {
    if (next >= files.length) return false;
    const index = next++;
    const request: ParseRequest = {index, path: files[index]!.path, text: String(files[index]!.value)};
    worker.postMessage(request);
    return true;
  };
  const workers = Array.from({length: workerCount}, () => {
    const worker = start();
    let current: number | undefined;
    const take = () => {
      current = next < files.length ? next : undefined;
      if (!send(worker)) void worker.terminate();
    };
    worker.on('message', (reply: ParseReply) => {
      current = undefined;
      if ('tree' in reply) {
        trees[reply.index] = reply.tree as Root;
        byWorkers++;
      } else onMain.push(reply.index);
      settle();
      take();
    });
    // A worker that fails or stops with a file in hand gives the file to the main thread.
    const lost = () => {
      if (current === undefined) return;
      onMain.push(current);
      current = undefined;
      settle();
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
