import {execFileSync} from 'node:child_process';
import {fontCoverage} from '../../src/fonts/coverage.js';
import {fontFiles} from '../../src/fonts/shipped-fonts.js';
import {defaultTemplatesDir} from '../../src/project-paths.js';

/** The text of a PDF (or of pages `first`–`last`, 1-based), as poppler's pdftotext reads it (`layout` keeps columns). */
export function pdfText(file: string, pages: {first?: number; last?: number; layout?: boolean} = {}): string {
  const args = ['-enc', 'UTF-8'];
  if (pages.layout) args.push('-layout');
  if (pages.first) args.push('-f', String(pages.first));
  if (pages.last) args.push('-l', String(pages.last));
  return execFileSync('pdftotext', [...args, file, '-'], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
}

/** The text of each page of a PDF, in order (pdftotext separates pages with form feeds). */
export function pdfPages(file: string): string[] {
  const pages = pdfText(file).split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

/** `pdfinfo` fields as a record. */
export function pdfInfo(file: string): Record<string, string> {
  const output = execFileSync('pdfinfo', ['-isodates', file], {encoding: 'utf8'});
  return Object.fromEntries(
    output
      .split('\n')
      .filter((line) => line.includes(':'))
      .map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()])
  );
}

/** The fonts a PDF embeds, as `pdffonts` lists them: the name without its subset tag, and whether it is embedded, subset and mapped to Unicode. */
export function pdfFonts(file: string): Array<{name: string; embedded: boolean}> {
  const lines = execFileSync('pdffonts', [file], {encoding: 'utf8'}).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => ({
    name: line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''),
    embedded: /\byes\s+yes\s+yes\b/.test(line)
  }));
}

/** The PostScript names of the fonts Folio ships (and the default templates add), as a PDF names them. */
export const shippedFontNames: ReadonlySet<string> = fontCoverage(fontFiles(defaultTemplatesDir)).postScriptNames;

/** The names of the fonts in `file` that Folio does not ship, or that are not embedded as subsets mapped to Unicode. */
export function foreignFonts(file: string): string[] {
  return pdfFonts(file)
    .filter((font) => !shippedFontNames.has(font.name) || !font.embedded)
    .map((font) => font.name);
}
