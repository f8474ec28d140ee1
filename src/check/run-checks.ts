import type {Report} from '../content/model.js';
import {checkEmptySections} from './section-empty.js';
import {checkFootnotes} from './footnotes.js';
import {checkHeadingText} from './section-title.js';

/**
 * Run the rules that read the Markdown trees; their problems become messages on the files.
 * (Rules that need the HTML, such as links and images, run while it is compiled; rules on
 * the raw text run before parsing: see `source-limits.ts`.)
 */
export function runChecks(report: Report): void {
  for (const chapter of report.chapters) {
    for (const source of chapter.files) {
      checkFootnotes(source.tree, source.file);
      checkHeadingText(source.tree, source.file);
    }
    checkEmptySections(chapter);
  }
}
