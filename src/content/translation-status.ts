import {createHash} from 'node:crypto';
import type {VFile} from 'vfile';
import {reportError, reportWarning} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';
import type {Report, SourceFile} from './model.js';

/**
 * The version of a source file a translation records in its front matter (`translates:`): the
 * first 12 hexadecimal digits of the SHA-256 of the source's text. When the source changes, the
 * stamp no longer matches and the translation is stale until a translator has reviewed it and
 * stamped it again (`folio translations --stamp FILE`).
 */
export function sourceStamp(file: VFile): string {
  return createHash('sha256').update(String(file.value)).digest('hex').slice(0, 12);
}

/** Where one file of one edition stands. */
export type TranslationState = 'translated' | 'stale' | 'unstamped' | 'missing';

/** One line of `folio translations`. */
export interface TranslationEntry {
  language: string;
  fallback: 'source' | 'omit' | 'error';
  chapter: string;
  /** The source file, relative to the content folder. */
  source: string;
  /** The translation file (whether it exists or not), relative to the content folder. */
  translation: string;
  state: TranslationState;
}

/** What each edition other than the source's has of each file: translated, stale, unstamped or missing. */
export function translationStatus(report: Report): TranslationEntry[] {
  const entries: TranslationEntry[] = [];
  for (const edition of report.meta.editions.slice(1)) {
    for (const chapter of report.chapters) {
      for (const file of chapter.files) {
        const translation = file.translations?.get(edition.language);
        entries.push({
          language: edition.language,
          fallback: edition.fallback,
          chapter: chapter.slug,
          source: file.contentPath,
          translation: translation?.contentPath ?? file.contentPath.replace(/\.md$/i, `.${edition.language}.md`),
          state: translation ? stateOf(translation, file) : 'missing'
        });
      }
    }
  }
  return entries;
}

function stateOf(translation: SourceFile, source: SourceFile): TranslationState {
  const stamp = translation.frontMatter.translates;
  return stamp === undefined ? 'unstamped' : stamp === sourceStamp(source.file) ? 'translated' : 'stale';
}

/**
 * Report translations whose source has changed since they were stamped, or that were never
 * stamped: a warning at their `translates:` line (or the first line), an error under `strict`.
 */
export function checkTranslationStamps(report: Report, strict: boolean): void {
  const say = strict ? reportError : reportWarning;
  for (const chapter of report.chapters) {
    for (const source of chapter.files) {
      for (const [language, translation] of source.translations ?? []) {
        const state = stateOf(translation, source);
        if (state === 'translated') continue;
        const line = String(translation.file.value).split('\n').findIndex((text) => /^translates\s*:/.test(text)) + 1;
        const place = {line: line || 1, column: 1};
        if (state === 'stale')
          say(
            translation.file,
            `This \`${language}\` translation is stale: \`${source.contentPath}\` has changed since it was stamped. Bring the translation up to date, then run \`folio translations --stamp ${translation.contentPath}\``,
            place,
            ruleIds.translationStale
          );
        else
          say(
            translation.file,
            `This \`${language}\` translation records no version of \`${source.contentPath}\`, so Folio cannot tell when it goes stale. Once it is reviewed, run \`folio translations --stamp ${translation.contentPath}\``,
            place,
            ruleIds.translationStale
          );
      }
    }
  }
}
