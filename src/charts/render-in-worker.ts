import {availableParallelism} from 'node:os';
import type {Worker} from 'node:worker_threads';
import {startWorker} from '../system/start-worker.js';
import type {FontFile} from '../fonts/shipped-fonts.js';
import type {ChartJob, ChartReply} from './chart-worker.js';
import type {ChartRequest} from './render-chart.js';

/** How long one chart may take to render, and how much memory the renderer may use. */
const defaultTimeoutMs = 20_000;
const heapLimitMb = 1024;

/** Queued charts a worker may have before another worker starts (starting one costs about a second). */
const chartsPerWorker = 6;

/**
 * Renders charts on worker threads of their own, started when charts need rendering: one, and
 * another (up to one per core) while every worker has a queue of `chartsPerWorker` charts. A spec
 * is data, but data that can ask for a lot of work (a billion ticks, a sequence of a billion rows);
 * on a thread of its own that work is bounded: a chart that takes longer than the time limit, or
 * more memory than the heap limit, stops its worker and fails with a message, and that worker's
 * next chart gets a new one. It also leaves the main thread free while charts render.
 */
export class ChartRenderer {
  private readonly lanes: ChartLane[] = [];

  constructor(
    private readonly fonts: readonly FontFile[],
    private readonly timeoutMs = Number(process.env.FOLIO_CHART_TIMEOUT_MS) || defaultTimeoutMs,
    private readonly maxWorkers = Math.max(1, availableParallelism())
  ) {}

  /** The chart's SVG; rejects with what went wrong in words (Vega-Lite's message, or the limit it ran into). */
  render(request: ChartRequest): Promise<string> {
    let lane = this.lanes.reduce<ChartLane | undefined>(
      (best, candidate) => (!best || candidate.queued < best.queued ? candidate : best),
      undefined
    );
    if (!lane || (lane.queued >= chartsPerWorker && this.lanes.length < this.maxWorkers)) {
      lane = new ChartLane(this.fonts, this.timeoutMs);
      this.lanes.push(lane);
    }
    return lane.render(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }
}

/** One worker thread and the charts queued for it, rendered one after another. */
class ChartLane {
  private worker: Worker | undefined;
  /** The heap limit the worker was given: `heapLimitMb`, or a lower one given to Node (see `startWorker`). */
  private workerHeapMb = heapLimitMb;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;
  /** Charts sent to this lane and not yet rendered. */
  queued = 0;

  constructor(
    private readonly fonts: readonly FontFile[],
    private readonly timeoutMs: number
  ) {}

  render(request: ChartRequest): Promise<string> {
    this.queued++;
    const job = this.queue.then(() => this.run(request)).finally(() => this.queued--);
    this.queue = job.catch(() => undefined);
    return job;
  }
  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }

  /**
   * A worker that fails or stops between charts is forgotten, and the next chart gets a new one.
   * Without a listener of its own there, an 'error' between charts would end the whole build
   * with a stack trace (Node throws an 'error' event nobody listens to).
   */
  private started(worker: Worker): Worker {
    // Read now: a worker that has stopped has no limits left to read.
    this.workerHeapMb = worker.resourceLimits?.maxOldGenerationSizeMb || heapLimitMb;
    const forget = () => {
      if (this.worker === worker) this.worker = undefined;
    };
    return worker.on('error', forget).on('exit', forget);
  }

  private run(request: ChartRequest): Promise<string> {
    const worker = (this.worker ??= this.started(startChartWorker()));
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const stop = (reason: string) => {
        cleanup();
        this.worker = undefined;
        void worker.terminate();
        reject(new Error(reason));
      };
      const timer = setTimeout(
        () =>
          stop(`it took longer than ${this.timeoutMs / 1000} s to render; make it smaller (fewer rows, ticks or bins)`),
        this.timeoutMs
      );
      const onMessage = (reply: ChartReply) => {
        if (reply.id !== id) return;
        cleanup();
        if ('svg' in reply) resolve(reply.svg);
        else reject(new Error(reply.error));
      };
      const onError = (error: Error) =>
        stop(
          /heap|memory/i.test(error.message)
            ? `it needed more than ${this.workerHeapMb} MiB of memory to render; make it smaller (fewer rows, ticks or bins)`
            : error.message
        );
      const onExit = () => stop('its renderer stopped');
      const cleanup = () => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({id, request, fonts: [...this.fonts]} satisfies ChartJob);
    });
  }
}

/** A chart worker (chart-worker.ts), with its heap limited, in UTC. */
function startChartWorker(): Worker {
  // Vega reads and writes dates in local time. A worker cannot change its own zone (its
  // process.env is a copy, and the zone is the process's), but takes the zone of the process as
  // it is when the worker starts: so the whole process keeps UTC, and no chart depends on the
  // machine's zone. Folio itself writes no local time anywhere.
  process.env.TZ = 'UTC';
  const worker = startWorker(import.meta.url, 'chart-worker', {resourceLimits: {maxOldGenerationSizeMb: heapLimitMb}});
  worker.unref();
  return worker;
}
