import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {loadReport} from './content/load-report.js';
import type {Report} from './content/model.js';
import {sourceStamp, translationStatus, type TranslationEntry} from './content/translation-status.js';
import {ContentError, FolioError} from './diagnostics/errors.js';
import {hasErrors} from './diagnostics/messages.js';
import {formatMessages} from './diagnostics/reporter.js';
import {writeAtomic} from './output/write-atomic.js';

/** What each state means, as the table prints it. */
const stateWords: Record<TranslationEntry['state'], string> = {
  translated: 'translated',
  stale: 'stale: the source changed since it was stamped',
  unstamped: 'translated, not stamped',
  missing: 'missing'
};

const fallbackWords: Record<TranslationEntry['fallback'], string> = {
  source: 'the source text, with a notice',
  omit: 'left out',
  error: 'an error'
};

/**
 * `folio translations`: stamp the translations named in `stamp` as up to date with their sources,
 * then return the table of every edition's files: translated, stale, unstamped or missing (and
 * what a missing one becomes).
 */
export async function translationsCommand(contentDir: string, stamp: readonly string[]): Promise<string> {
  let report = await load(contentDir);
  if (stamp.length > 0) {
    for (const name of stamp) await stampTranslation(report, name);
    report = await load(contentDir);
  }
  const entries = translationStatus(report);
  if (entries.length === 0)
    return 'This report has one edition; list others under `editions:` in report.yaml to translate it.\n';
  const lines: string[] = [];
  for (const language of [...new Set(entries.map((entry) => entry.language))]) {
    const mine = entries.filter((entry) => entry.language === language);
    const counts = Object.keys(stateWords)
      .map((state) => [state, mine.filter((entry) => entry.state === state).length] as const)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${count} ${state}`);
    lines.push(
      `Edition ${language} (${counts.join(', ')}; a missing file becomes ${fallbackWords[mine[0]!.fallback]}):`
    );
    const width = Math.max(...mine.map((entry) => entry.translation.length));
    let chapter = '';
    for (const entry of mine) {
      if (entry.chapter !== chapter) lines.push(`  ${(chapter = entry.chapter)}`);
      lines.push(`    ${entry.translation.padEnd(width)}  ${stateWords[entry.state]}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function load(contentDir: string): Promise<Report> {
  const {report, files} = await loadReport(contentDir);
  if (!report || hasErrors(files)) {
    process.stderr.write(formatMessages(files));
    throw new ContentError(files);
  }
  return report;
}

/** Write the current stamp of its source into a translation's front matter, adding front matter if it has none. */
async function stampTranslation(report: Report, name: string): Promise<void> {
  const wanted = name.split(path.sep).join('/').replace(/^\.\//, '');
  for (const chapter of report.chapters) {
    for (const source of chapter.files) {
      for (const translation of source.translations?.values() ?? []) {
        if (translation.contentPath !== wanted) continue;
        const file = path.join(report.contentDir, translation.contentPath);
        const text = await readFile(file, 'utf8');
        await writeAtomic(
          file,
          Buffer.from(withStamp(text, `translates: ${stampValue(sourceStamp(source.file))}`), 'utf8')
        );
        return;
      }
    }
  }
  throw new FolioError(
    `\`${name}\` is no translation in this report: a translation is \`name.<language>.md\` beside its source, for a language listed under \`editions:\` in report.yaml`
  );
}

/**
 * A stamp as YAML reads it back as a string: quoted when it is made of digits and `e` alone
 * (`012345678901`, `12e456789012`), which would read as a number.
 */
export function stampValue(stamp: string): string {
  return /^[0-9e]+$/.test(stamp) ? `"${stamp}"` : stamp;
}

/**
 * `text` (a translation) with `line` as its front matter's `translates:` entry: replacing the one it
 * has, or added to its front matter, or in new front matter. A byte-order mark, which would hide the
 * fence, is not kept. Spliced by position, not with String.replace, whose `$&` and `$$` the front
 * matter may hold.
 */
function withStamp(original: string, line: string): string {
  const text = original.replace(/^\uFEFF/, '');
  const fence = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!fence) return `---\n${line}\n---\n\n${text}`;
  const stamp = /^translates\s*:.*$/m.exec(fence[0]);
  if (!stamp) return `---\n${line}\n${text.slice(text.indexOf('\n') + 1)}`;
  return text.slice(0, stamp.index) + line + text.slice(stamp.index + stamp[0].length);
}
