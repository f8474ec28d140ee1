import {EventEmitter} from 'node:events';
import {describe, expect, it, vi} from 'vitest';

/** Stand-ins for chart workers: each answers every chart with an SVG naming the worker. */
const workers: FakeWorker[] = [];
class FakeWorker extends EventEmitter {
  readonly number = workers.length + 1;
  /** As `startWorker` sizes a worker under a user's lower `--max-old-space-size=256`. */
  readonly resourceLimits = {maxOldGenerationSizeMb: 256};
  /** What the next chart gets: an SVG naming this worker, or the error Node reports for a heap that ran out. */
  outOfMemory = false;
  postMessage({id}: {id: number}): void {
    setImmediate(() =>
      this.outOfMemory
        ? this.emit(
            'error',
            Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), {
              code: 'ERR_WORKER_OUT_OF_MEMORY'
            })
          )
        : this.emit('message', {id, svg: `<svg data-worker="${this.number}"/>`})
    );
  }
  unref(): void {}
  async terminate(): Promise<number> {
    this.emit('exit', 1);
    return 1;
  }
}
vi.mock('../src/system/start-worker.js', () => ({
  startWorker: () => {
    const worker = new FakeWorker();
    workers.push(worker);
    return worker;
  }
}));

const request = {spec: {}, theme: {}, locale: {} as never, idPrefix: 'c1-'};

describe('the chart renderer', () => {
  it('survives a worker that fails between charts, and renders the next chart in a new one', async () => {
    const {ChartRenderer} = await import('../src/charts/render-in-worker.js');
    const renderer = new ChartRenderer([], 1000, 1);
    try {
      expect(await renderer.render(request)).toBe('<svg data-worker="1"/>');
      // Between charts: with no listener for it, Node would throw this event and end the build.
      workers[0]!.emit('error', new Error('a late failure in the worker'));
      expect(await renderer.render(request)).toBe('<svg data-worker="2"/>');
      // A worker that stops between charts is replaced too.
      workers[1]!.emit('exit', 1);
      expect(await renderer.render(request)).toBe('<svg data-worker="3"/>');
    } finally {
      await renderer.close();
    }
  });

  it('names the heap limit its worker was given when a chart runs out of memory', async () => {
    const {ChartRenderer} = await import('../src/charts/render-in-worker.js');
    const renderer = new ChartRenderer([], 1000, 1);
    try {
      await renderer.render(request);
      workers.at(-1)!.outOfMemory = true;
      await expect(renderer.render(request)).rejects.toThrow(
        'it needed more than 256 MiB of memory to render; make it smaller (fewer rows, ticks or bins)'
      );
    } finally {
      await renderer.close();
    }
  });
});
