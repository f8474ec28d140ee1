import {describe, expect, it} from 'vitest';
import type {PartPrinter} from '../src/browser/browser.js';
import {printSideBySide} from '../src/pdf/print-report.js';
import {PrintSchedule} from '../src/pdf/print-schedule.js';

/**
 * Runs a schedule as `printers` printers would, with chapters of `counts` pages and `sizes`
 * characters; `order` picks which print under way comes back next. Returns what was printed.
 */
function simulate(counts: number[], sizes: number[], printers: number, order: (underWay: number) => number = () => 0) {
  const schedule = new PrintSchedule(counts.length, (index) => sizes[index]!);
  const prints: Array<{index: number; start: number}> = [];
  const finished: Array<{index: number; start: number}> = [];
  const underWay: Array<{index: number; start: number}> = [];
  // Chapters handed to a printer whose number is not known yet: the printer waits.
  const waiting: number[] = [];
  for (let steps = 0; steps < 1000 && !schedule.finished; steps++) {
    while (underWay.length + waiting.length < printers) {
      const index = schedule.next();
      if (index === undefined) break;
      waiting.push(index);
    }
    for (const index of waiting.splice(0)) {
      const start = schedule.number(index);
      if (start === undefined) waiting.push(index);
      else {
        underWay.push({index, start});
        prints.push({index, start});
      }
    }
    expect(underWay.length, 'a printer has work while chapters remain').toBeGreaterThan(0);
    const [done] = underWay.splice(order(underWay.length), 1);
    schedule.printed(done!.index, done!.start, counts[done!.index]!);
    finished.push(...schedule.takeFinished());
  }
  return {schedule, prints, finished};
}

/** Where each chapter really starts: on a right-hand page after the ones before, a blank verso after an odd count. */
function trueStarts(counts: number[]): number[] {
  let start = 1;
  return counts.map((count, index) => {
    const mine = start;
    start += count + (count % 2 === 1 && index < counts.length - 1 ? 1 : 0);
    return mine;
  });
}

describe('the schedule of chapter prints', () => {
  it('with one printer, prints each chapter once, at its right number, in order', () => {
    const counts = [3, 8, 1, 5, 2];
    const {prints, finished, schedule} = simulate(counts, [300, 800, 100, 500, 200], 1);
    const starts = trueStarts(counts);
    expect(prints).toEqual(counts.map((_, index) => ({index, start: starts[index]})));
    expect(finished).toEqual(prints);
    expect(schedule.reprints).toBe(0);
  });

  it('with two printers, guesses from the pages per character so far, and prints a wrong guess again', () => {
    // Chapter 1 has twice the pages per character of chapter 0: chapter 2, printed while chapter 1
    // still is, is guessed to start at 1 + 4 + 2 = 7, and really starts at 1 + 4 + 4 = 9.
    const counts = [4, 4, 6, 2];
    const sizes = [400, 200, 600, 200];
    const {prints, finished, schedule} = simulate(counts, sizes, 2);
    const starts = trueStarts(counts);
    expect(prints.slice(0, 3)).toEqual([
      {index: 0, start: 1},
      {index: 1, start: 5},
      {index: 2, start: 7}
    ]);
    expect(prints).toContainEqual({index: 2, start: starts[2]});
    expect(schedule.reprints).toBeGreaterThan(0);
    expect(schedule.reprints).toBe(prints.length - counts.length);
    expect(finished).toEqual(counts.map((_, index) => ({index, start: starts[index]})));
  });

  it('waits for the first chapter before guessing, and guesses right when the lengths agree', () => {
    const counts = Array.from({length: 12}, () => 9);
    const {prints, schedule} = simulate(
      counts,
      Array.from({length: 12}, () => 900),
      2
    );
    expect(prints.length).toBe(12);
    expect(schedule.reprints).toBe(0);
  });

  it('gives every chapter its right number whichever print comes back first', () => {
    const counts = [1, 7, 2, 2, 9, 3, 4, 1, 6, 5];
    const sizes = [120, 300, 900, 150, 800, 100, 700, 400, 200, 500];
    const starts = trueStarts(counts);
    for (const printers of [2, 3, 4])
      for (const order of [() => 0, (n: number) => n - 1, (n: number) => Math.floor(n / 2)]) {
        const {finished, schedule} = simulate(counts, sizes, printers, order);
        expect(finished).toEqual(counts.map((_, index) => ({index, start: starts[index]})));
        expect(schedule.finished).toBe(true);
      }
  });

  it('refuses a chapter whose page count changed with its number', () => {
    const schedule = new PrintSchedule(2, () => 100);
    expect(schedule.next()).toBe(0);
    schedule.printed(0, 1, 3);
    expect(() => schedule.printed(0, 5, 4)).toThrow(/printed 4 pages .* and 3/);
  });
});

describe('printers working through the schedule', () => {
  /** A seeded random number generator (mulberry32), so that a failure can be run again. */
  function random(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('print every chapter at its right number, whatever the prints and readings take', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const next = random(seed);
      const chapters = 1 + Math.floor(next() * 12);
      const counts = Array.from({length: chapters}, () => 1 + Math.floor(next() * 9));
      const sizes = counts.map((count) => Math.round(count * 100 * (0.5 + next())));
      const schedule = new PrintSchedule(chapters, (index) => sizes[index]!);
      const printed: Array<{index: number; start: number}> = [];
      const pause = () => new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 4)));
      // A fake page: takes the body, asks for the style, "prints" after a while; the bytes say what it printed.
      const printer: PartPrinter = async ({body, style}, _options, meanwhile) => {
        await pause();
        const css = (await style?.()) ?? '';
        await meanwhile?.();
        await pause();
        return new TextEncoder().encode(`${body}@${css}`);
      };
      const printers = Array.from({length: 1 + (seed % 3)}, () => printer);
      await printSideBySide(printers, schedule, {
        body: (index) => String(index),
        style: (_index, start) => String(start),
        async read(index, start, bytes) {
          await pause();
          expect(new TextDecoder().decode(bytes)).toBe(`${index}@${start}`);
          printed.push({index, start});
          return counts[index]!;
        },
        meanwhile: () => undefined
      });
      expect(schedule.finished, `seed ${seed}`).toBe(true);
      const starts = trueStarts(counts);
      const finished = schedule.takeFinished();
      expect(finished, `seed ${seed}`).toEqual(counts.map((_, index) => ({index, start: starts[index]})));
      // And each chapter's last print, the one kept, was made at that number.
      const last = new Map(printed.map(({index, start}) => [index, start]));
      expect(
        finished.map(({index}) => last.get(index)),
        `seed ${seed}`
      ).toEqual(starts);
      expect(printed.length - chapters, `seed ${seed}`).toBe(schedule.reprints);
    }
  });

  it('stop at the first failure, and throw it', async () => {
    const schedule = new PrintSchedule(6, () => 100);
    let calls = 0;
    const printer: PartPrinter = async ({style}) => {
      await style?.();
      if (++calls === 3) throw new Error('the third print failed');
      return new Uint8Array();
    };
    await expect(
      printSideBySide([printer, printer], schedule, {
        body: String,
        style: String,
        read: async () => 2,
        meanwhile: () => undefined
      })
    ).rejects.toThrow('the third print failed');
    expect(calls).toBeLessThan(6);
  });

  it('fail, as a bug in Folio, a reprint whose page count changed, once every printer has stopped', async () => {
    // Chapter 2 is slow and longer than its estimate (2 pages, like chapter 1), so chapters 3 and 4,
    // printed at guesses, are printed again, side by side. Chapter 3's reprint has a page more,
    // which the schedule refuses while chapter 4's reprint is still under way.
    const counts = [2, 5, 2, 2];
    const schedule = new PrintSchedule(4, () => 100);
    const prints = [0, 0, 0, 0];
    const reads = [0, 0, 0, 0];
    let printing = 0;
    let printingWhenThrown: number | undefined;
    const printer: PartPrinter = async ({body, style}, _options, meanwhile) => {
      const index = Number(body);
      const time = index === 1 ? 20 : index === 3 && prints[index]! > 0 ? 30 : 1;
      prints[index]++;
      printing++;
      try {
        await style?.();
        await meanwhile?.();
        await new Promise((resolve) => setTimeout(resolve, time));
        return new Uint8Array();
      } finally {
        printing--;
      }
    };
    const run = printSideBySide([printer, printer], schedule, {
      body: String,
      style: String,
      read: async (index) => counts[index]! + (index === 2 && reads[index]++ === 1 ? 1 : 0),
      meanwhile: () => undefined
    }).catch((error: unknown) => {
      printingWhenThrown = printing;
      throw error;
    });
    await expect(run).rejects.toMatchObject({
      name: 'StageError',
      message: expect.stringMatching(/^print: chapter 3 printed 3 pages at page 9, and 2 .*a bug in Folio/)
    });
    expect(prints).toEqual([1, 1, 2, 2]);
    expect(printingWhenThrown).toBe(0);
  });
});
