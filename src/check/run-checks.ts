import type {Report} from '../content/model.js';

/** Run the rules that read the Markdown trees; their problems become messages on the files. */
export function runChecks(report: Report): void {
  void report;
}
