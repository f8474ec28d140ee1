import {describe, expect, it} from 'vitest';
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
  for (let steps = 0; steps < 1000 && !schedule.finished; steps++) {
    while (underWay.length < printers) {
      const task = schedule.next();
      if (!task) break;
      underWay.push(task);
      prints.push(task);
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
    schedule.next();
    schedule.printed(0, 1, 3);
    expect(() => schedule.printed(0, 5, 4)).toThrow(/printed 4 pages .* and 3/);
  });
});
