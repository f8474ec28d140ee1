import {once} from 'node:events';
import {Worker} from 'node:worker_threads';
import {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import {parseMarkdown} from '../src/markdown/parse.js';
import {parseInParallel, parseMany} from '../src/markdown/parse-pool.js';
import type {ParseReply, ParseRequest} from '../src/markdown/parse-worker.js';
import {
  parallelParseBytes,
  parseWorkerCount,
  startParseWorkers,
  takeParseWorker
} from '../src/markdown/parse-workers.js';

describe('parsing many files at once', () => {
  it("gives, on worker threads, the trees the main thread gives, in the files' order", async () => {
    // Over the size at which worker threads start, with files that differ so that order shows.
    const paragraph = (index: number) =>
      `Plain words of a paragraph, with [a link](https://example.org/${index}) and more plain words to fill the line.\n\n`;
    const files = Array.from(
      {length: 60},
      (_, index) =>
        `# File ${index}\n\nSome "quoted" text -- and a note.[^1]\n\n${paragraph(index).repeat(90)}[^1]: Note ${index}.\n`
    );
    expect(files.join('').length).toBeGreaterThan(512 * 1024);
    const expected = files.map((value, index) => parseMarkdown(new VFile({path: `f${index}.md`, value})));
    const {trees, byWorkers} = await parseInParallel(
      files.map((value, index) => new VFile({path: `f${index}.md`, value})),
      1
    );
    expect(byWorkers).toBeGreaterThan(0); // The worker thread really parsed some of them.
    expect(byWorkers).toBeLessThan(files.length); // And so did the main thread.
    // Compared as JSON: a deep toEqual of half a megabyte of trees takes seconds.
    expect(JSON.stringify(trees)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(await parseMany(files.map((value, index) => new VFile({path: `f${index}.md`, value}))))).toBe(
      JSON.stringify(expected)
    );
  });

  it('gives a worker the next files before it answers, so that it never waits for the main thread', async () => {
    // This worker answers nothing until it holds three files (or, at the end, after a pause),
    // and says how many it held; each answer sends its file back to the main thread to parse.
    const files = Array.from({length: 12}, (_, index) => `# File ${index}\n\nText "${index}" -- here.\n`);
    const held: number[] = [];
    const holding = () => {
      const worker = new Worker(
        `const {parentPort} = require('node:worker_threads');
        const inHand = [];
        let timer;
        const answer = () => { const count = inHand.length; for (const index of inHand.splice(0)) parentPort.postMessage({index, reported: true, held: count}); };
        parentPort.on('message', ({index}) => {
          inHand.push(index);
          clearTimeout(timer);
          if (inHand.length === 3) answer(); else timer = setTimeout(answer, 50);
        });`,
        {eval: true}
      );
      worker.on('message', (reply: ParseReply & {held: number}) => held.push(reply.held));
      return worker;
    };
    const {trees, byWorkers} = await parseInParallel(
      files.map((value) => new VFile({value})),
      1,
      holding
    );
    expect(byWorkers).toBe(0);
    expect(Math.max(...held)).toBe(3);
    expect(trees).toEqual(files.map((value) => parseMarkdown(new VFile({value}))));
  });

  it('parses on the main thread what a failing or vanishing worker had in hand', async () => {
    const files = Array.from({length: 12}, (_, index) => `# File ${index}\n\nText "${index}" -- here.\n`);
    const expected = files.map((value) => parseMarkdown(new VFile({value})));
    const broken = () => new Worker('throw new Error("the worker broke")', {eval: true});
    const vanishing = () =>
      new Worker('require("node:worker_threads").parentPort.once("message", () => process.exit(3))', {eval: true});
    for (const start of [broken, vanishing]) {
      const {trees, byWorkers} = await parseInParallel(
        files.map((value) => new VFile({value})),
        2,
        start
      );
      expect(byWorkers).toBe(0);
      expect(trees).toEqual(expected);
    }
  });
});

describe('parse workers started ahead of the parse', () => {
  const large = parallelParseBytes;

  it('start only for content large enough to be parsed on them', () => {
    startParseWorkers(large - 1, () => {
      throw new Error('no worker should start for a small report');
    });
  });

  it('are the workers the next parse takes, and a worker that exits before it is taken is not handed out', async () => {
    const count = parseWorkerCount();
    if (count < 1) return; // One core: no worker is ever started.
    // Whatever an earlier build of this process left waiting is taken first.
    startParseWorkers(large);
    const taken = Array.from({length: count}, () => takeParseWorker());
    const reply = await new Promise<ParseReply>((resolve) => {
      taken[0]!.once('message', resolve);
      taken[0]!.postMessage({index: 7, path: 'a.md', text: '# A title\n'} satisfies ParseRequest);
    });
    expect(reply).toMatchObject({index: 7, tree: {type: 'root'}});
    await Promise.all(taken.map((worker) => worker.terminate()));
    // Now every waiting worker is one that stops at once: none of them is handed out.
    const stopping: Worker[] = [];
    startParseWorkers(large, () => {
      const worker = new Worker('process.exit(0)', {eval: true});
      stopping.push(worker);
      return worker;
    });
    expect(stopping).toHaveLength(count);
    await Promise.all(stopping.map((worker) => once(worker, 'exit')));
    const fresh = takeParseWorker();
    expect(stopping).not.toContain(fresh);
    const answer = await new Promise<ParseReply>((resolve) => {
      fresh.once('message', resolve);
      fresh.postMessage({index: 1, path: 'b.md', text: 'Text.\n'} satisfies ParseRequest);
    });
    expect(answer).toMatchObject({index: 1, tree: {type: 'root'}});
    await fresh.terminate();
  });
});
