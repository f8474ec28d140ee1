import {execFileSync} from 'node:child_process';

/** A word on a page, with its box in PDF points from the top-left corner. */
export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** A page's size and words. */
export interface PageWords {
  width: number;
  height: number;
  words: Word[];
}

const mm = 72 / 25.4;

/** Every page's words with their positions, read with `pdftotext -bbox`. */
export function pdfWords(file: string): PageWords[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  });
  const pages: PageWords[] = [];
  for (const match of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const words = [
      ...match[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)
    ].map((word) => ({
      xMin: Number(word[1]),
      yMin: Number(word[2]),
      xMax: Number(word[3]),
      yMax: Number(word[4]),
      text: decode(word[5]!)
    }));
    pages.push({width: Number(match[1]), height: Number(match[2]), words});
  }
  return pages;
}

/** Text in the top margin (the running head), words joined by spaces. */
export function runningHead(page: PageWords): string {
  return join(page.words.filter((word) => word.yMax < 20 * mm));
}

/** Text in the bottom margin (the folio). */
export function folio(page: PageWords): string {
  return join(page.words.filter((word) => word.yMin > page.height - 22 * mm));
}

/** Text of the page body, between the margins. */
export function bodyText(page: PageWords): string {
  return join(page.words.filter((word) => word.yMax >= 20 * mm && word.yMin <= page.height - 22 * mm));
}

function join(words: Word[]): string {
  return words.map((word) => word.text).join(' ');
}

function decode(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}
