import type {Element} from 'hast';
import type {ReportMeta} from '../content/model.js';
import type {Messages} from '../messages/catalogue.js';

/** An entry of the contents: a chapter or a section, by its report-wide id. */
export interface ContentsEntry {
  id: string;
  title: string;
}

/** A chapter as HTML, shared by every edition: `<section class="chapter">` with sections and endnotes. */
export interface CompiledChapter {
  slug: string;
  title: string;
  /** The id of the chapter's title heading. */
  id: string;
  brief: boolean;
  sections: ContentsEntry[];
  tree: Element;
}

/** The report as HTML trees, ready for each edition's template. */
export interface CompiledReport {
  contentDir: string;
  meta: ReportMeta;
  chapters: CompiledChapter[];
  /** Folio's own words in the report's language. */
  messages: Messages;
}
