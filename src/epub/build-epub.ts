import type {CompiledReport} from '../html/model.js';
import type {PrintContext} from '../pdf/print-report.js';

/** Build the EPUB 3 edition. */
export async function buildEpub(report: CompiledReport, context: PrintContext): Promise<Uint8Array> {
  void report;
  void context;
  throw new Error('EPUB edition: in progress');
}
