import {readFileSync} from 'node:fs';
import * as fontkit from 'fontkit';
import type {FontFile} from './shipped-fonts.js';

/** What the fonts Chromium may use can print: every code point of their character maps together. */
export interface FontCoverage {
  has(codePoint: number): boolean;
  /** The PostScript names of the fonts, as a PDF names the fonts it embeds. */
  postScriptNames: ReadonlySet<string>;
}

const cache = new Map<string, {codePoints: ReadonlySet<number>; postScriptName: string}>();

/** Read the character maps of `files` (each file once per process). */
export function fontCoverage(files: readonly FontFile[]): FontCoverage {
  const fonts = files.map((file) => {
    let entry = cache.get(file.path);
    if (!entry) {
      const font = fontkit.create(readFileSync(file.path));
      if (!('characterSet' in font))
        throw new Error(`\`${file.path}\` is a font collection; put each font in a file of its own`);
      entry = {codePoints: new Set(font.characterSet), postScriptName: font.postscriptName};
      cache.set(file.path, entry);
    }
    return entry;
  });
  const all = new Set(fonts.flatMap((font) => [...font.codePoints]));
  return {
    has: (codePoint) => all.has(codePoint),
    postScriptNames: new Set(fonts.map((font) => font.postScriptName))
  };
}
