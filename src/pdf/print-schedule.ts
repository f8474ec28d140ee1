import {StageError} from '../diagnostics/errors.js';

/**
 * Which chapter to print next, and at which first page number, when several pages of Chromium
 * print the report's chapters at once.
 *
 * Every chapter starts on a right-hand page, so its pages depend only on the number its first
 * page carries, and how many pages it has does not depend on that number at all. A chapter's
 * number is known for certain only once every chapter before it has been printed; rather than
 * wait, a free printer prints the next chapter at the number the chapters before it are
 * expected to reach (their page counts estimated from their length, by the pages per character
 * of the chapters printed so far). The guess is checked once the chapters before it are
 * printed: a chapter printed at the wrong number is printed again at the right one, by then
 * with nothing to wait for. Its first print was not wasted: it gave the chapter's page count.
 */
export class PrintSchedule {
  readonly #chapters: number;
  readonly #size: (index: number) => number;
  /** Pages of each chapter, once it has been printed at any number. */
  readonly #counts: Array<number | undefined> = [];
  /** The number each chapter's latest print started at. */
  readonly #printedAt: Array<number | undefined> = [];
  readonly #inFlight = new Set<number>();
  /** How many chapters have been handed out by `takeFinished`. */
  #taken = 0;
  /** How many chapters were printed again, their first print having been at a number that turned out wrong. */
  reprints = 0;

  /**
   * `size`: a chapter's length (the characters of its HTML), to estimate its pages by; asked
   * only of chapters handed out for printing.
   */
  constructor(chapters: number, size: (index: number) => number) {
    this.#chapters = chapters;
    this.#size = size;
  }

  /**
   * The chapter a free printer should print next, or `undefined` when there is none to start
   * now. Its number is asked for later (`number`): the printer can take in the chapter's HTML
   * while the print before it is still being read.
   */
  next(): number | undefined {
    const index = this.#nextIndex();
    if (index === undefined) return undefined;
    if (this.#printedAt[index] !== undefined) this.reprints++;
    this.#inFlight.add(index);
    return index;
  }

  /**
   * The number chapter `index` is to be printed at: its right number when every chapter before
   * it has a page count; otherwise the number the chapters before it are expected to reach,
   * their missing counts estimated by the pages per character of the chapters printed so far;
   * `undefined` while no chapter has been printed to estimate by.
   */
  number(index: number): number | undefined {
    return this.start(index) ?? this.#expectedStart(index);
  }

  /** A print of chapter `index` that started at `start` came back with `count` pages. */
  printed(index: number, start: number, count: number): void {
    const known = this.#counts[index];
    if (known !== undefined && known !== count)
      throw new StageError(
        'print',
        `chapter ${index + 1} printed ${count} pages at page ${start}, and ${known} at another number; this is a bug in Folio, please report it`
      );
    this.#inFlight.delete(index);
    this.#counts[index] = count;
    this.#printedAt[index] = start;
  }

  /** A print of chapter `index` failed: it is no longer under way. */
  failed(index: number): void {
    this.#inFlight.delete(index);
  }

  /**
   * The chapters, in order, whose latest print is at their right number and that were not
   * handed out before: each is final, and so is its print.
   */
  takeFinished(): Array<{index: number; start: number}> {
    const finished: Array<{index: number; start: number}> = [];
    while (this.#taken < this.#chapters) {
      const index = this.#taken;
      const start = this.start(index);
      if (start === undefined || this.#printedAt[index] !== start || this.#inFlight.has(index)) break;
      finished.push({index, start});
      this.#taken++;
    }
    return finished;
  }

  /** Whether every chapter's latest print is at its right number, with none under way. */
  get finished(): boolean {
    return (
      this.#inFlight.size === 0 &&
      Array.from({length: this.#chapters}, (_, index) => index).every(
        (index) => this.#printedAt[index] === this.start(index)
      )
    );
  }

  /** The first page number of chapter `index`, once every chapter before it has a page count. */
  start(index: number): number | undefined {
    let start = 1;
    for (let before = 0; before < index; before++) {
      const count = this.#counts[before];
      if (count === undefined) return undefined;
      start += this.#advance(before, count);
    }
    return start;
  }

  /** How far chapter `index` moves the next chapter's number: its pages, and a blank verso after an odd count. */
  #advance(index: number, count: number): number {
    return count + (count % 2 === 1 && index < this.#chapters - 1 ? 1 : 0);
  }

  #nextIndex(): number | undefined {
    // A chapter whose number is now known and that was not printed at it.
    for (let index = this.#taken; index < this.#chapters; index++) {
      if (this.#inFlight.has(index)) continue;
      const start = this.start(index);
      if (start === undefined) break;
      if (this.#printedAt[index] !== start) return index;
    }
    // Otherwise the first chapter never printed.
    return this.#firstUnprinted();
  }

  #firstUnprinted(): number | undefined {
    for (let index = 0; index < this.#chapters; index++)
      if (this.#counts[index] === undefined && !this.#inFlight.has(index)) return index;
    return undefined;
  }

  /** The number chapter `index` should start at, by the counts known and estimates for the rest; none before any chapter is printed. */
  #expectedStart(index: number): number | undefined {
    let pages = 0;
    let size = 0;
    this.#counts.forEach((count, printed) => {
      if (count === undefined) return;
      pages += count;
      size += this.#size(printed);
    });
    const perCharacter = size > 0 ? pages / size : undefined;
    let start = 1;
    for (let before = 0; before < index; before++) {
      const count =
        this.#counts[before] ??
        (perCharacter === undefined ? undefined : Math.max(1, Math.round(this.#size(before) * perCharacter)));
      if (count === undefined) return undefined;
      start += this.#advance(before, count);
    }
    return start;
  }
}
