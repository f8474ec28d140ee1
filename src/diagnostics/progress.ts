/** Progress lines on stderr, one per stage with its time; silent with `--quiet`. */
export class Progress {
  private readonly started = performance.now();
  constructor(
    private readonly quiet: boolean,
    private readonly stream: NodeJS.WritableStream = process.stderr
  ) {}

  /** Run `work` as a named stage and print how long it took. */
  async stage<T>(name: string, work: () => Promise<T> | T, detail?: (result: T) => string): Promise<T> {
    const start = performance.now();
    const result = await work();
    const extra = detail ? ` ${detail(result)}` : '';
    this.line(`${name}${extra} (${formatMs(performance.now() - start)})`);
    return result;
  }

  /** Print one progress line. */
  line(text: string): void {
    if (!this.quiet) this.stream.write(`folio: ${text}\n`);
  }

  /** One part of a stage done: `briefs 3/40 kazakhstan (9 pages)`. */
  step(stage: string, done: number, total: number, name: string, pages: number): void {
    this.line(`${stage} ${done}/${total} ${name} (${pages} page${pages === 1 ? '' : 's'})`);
  }

  /** Time since the build started. */
  elapsed(): string {
    return formatMs(performance.now() - this.started);
  }
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
