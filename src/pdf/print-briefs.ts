import type {Progress} from '../diagnostics/progress.js';
import type {CompiledReport} from '../html/model.js';
import type {PrintContext} from './print-report.js';

/** One printed brief. */
export interface Brief {
  slug: string;
  pdf: Uint8Array;
  pages: number;
}

/** Print the briefs of the chapters marked `brief` (or only those in `only`). */
export async function printBriefs(report: CompiledReport, context: PrintContext, options: {only: readonly string[]; progress: Progress}): Promise<Brief[]> {
  void report;
  void context;
  void options;
  throw new Error('Briefs: in progress');
}
