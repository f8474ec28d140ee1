import {execFileSync} from 'node:child_process';

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
