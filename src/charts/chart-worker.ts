// A worker thread of `ChartRenderer` (render-in-worker.ts): renders the charts it is sent, one
// at a time, and sends back each SVG or what went wrong.
import {parentPort} from 'node:worker_threads';
import type {FontFile} from '../fonts/shipped-fonts.js';
import {renderChart, type ChartRequest} from './render-chart.js';
import {measureTextWith} from './text-metrics.js';

export interface ChartJob {
  id: number;
  request: ChartRequest;
  fonts: FontFile[];
}

export type ChartReply = {id: number; svg: string} | {id: number; error: string};

parentPort!.on('message', async ({id, request, fonts}: ChartJob) => {
  try {
    measureTextWith(fonts);
    parentPort!.postMessage({id, svg: await renderChart(request)} satisfies ChartReply);
  } catch (error) {
    parentPort!.postMessage({id, error: error instanceof Error ? error.message : String(error)} satisfies ChartReply);
  }
});
