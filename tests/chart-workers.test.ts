import {EventEmitter} from 'node:events';
import {describe, expect, it, vi} from 'vitest';

/** Stand-ins for chart workers: each answers every chart with an SVG naming the worker. */
const workers: FakeWorker[] = [];
class FakeWorker extends EventEmitter {
  readonly number = workers.length + 1;
  postMessage({id}: {id: number}): void {
    setImmediate(() => this.emit('message', {id, svg: `<svg data-worker="${this.number}"/>`}));
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
});
