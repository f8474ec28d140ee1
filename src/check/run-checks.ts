import type {Report} from '../content/model.js';
import type {FontCoverage} from '../fonts/coverage.js';
import {checkGlyphs} from './glyph-missing.js';
import {checkEmptySections} from './section-empty.js';
import {checkFootnotes} from './footnotes.js';
import {checkHeadingText} from './section-title.js';

/**
 * Run the rules that read the Markdown trees; their problems become messages on the files.
 * (Rules that need the HTML, such as links and images, run while it is compiled; rules on
 * the raw text run before parsing: see `source-limits.ts`.)
 */
export function runChecks(report: Report, options: {fonts: FontCoverage}): void {
  for (const chapter of report.chapters) {
    for (const source of chapter.files.flatMap((file) => [file, ...(file.translations?.values() ?? [])])) {
      checkFootnotes(source.tree, source.file);
      checkHeadingText(source.tree, source.file);
      checkGlyphs(source.tree, source.file, options.fonts);
    }
    checkEmptySections(chapter);
  }
}
