import {readFileSync} from 'node:fs';
import * as fontkit from 'fontkit';
import * as vega from 'vega';
import type {FontFile} from '../fonts/shipped-fonts.js';

/** A face of a shipped or publisher font, as Vega names text: family, weight and style. */
interface Face {
  family: string;
  bold: boolean;
  italic: boolean;
  font: fontkit.Font;
}

/** The text properties of a Vega scenegraph item that decide its width. */
interface TextItem {
  font?: string;
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
}

/** Vega's text measurer, which it exports without a type: its `width` is what Vega calls to size text. */
const textMetrics = (vega as unknown as {textMetrics: {width: (item: TextItem, text: unknown) => number}}).textMetrics;

let faces: Face[] | undefined;
let loadedFrom = '';
const widths = new Map<string, number>();

/**
 * Make Vega measure text with the fonts the PDF will print it in. Without a canvas, Vega guesses
 * every character at 0.8 em, so axis labels, legends and titles are laid out for text of another
 * width and come out clipped or overlapping; here each run of text is shaped by fontkit in the
 * face its family, weight and style name, falling back family by family for characters that face
 * lacks (Arabic inside Noto Sans text is measured in Noto Naskh Arabic, as Chromium prints it).
 */
export function measureTextWith(files: readonly FontFile[]): void {
  const key = files.map((file) => file.path).join('\n');
  if (key !== loadedFrom) {
    faces = files.flatMap((file) => {
      const font = fontkit.create(readFileSync(file.path));
      if (!('characterSet' in font)) return [];
      return [
        {family: font.familyName, bold: font['OS/2']?.usWeightClass >= 600, italic: font.italicAngle !== 0, font}
      ];
    });
    loadedFrom = key;
    widths.clear();
  }
  textMetrics.width = (item: TextItem, text: unknown) => {
    const value = text == null ? '' : String(text).trim();
    const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0;
    return size <= 0 || !value ? 0 : textWidth(value, item, size);
  };
}

function textWidth(text: string, item: TextItem, size: number): number {
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const italic = item.fontStyle === 'italic' || item.fontStyle === 'oblique';
  const key = `${item.font}|${bold}|${italic}|${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    const stack = facesFor(item.font ?? 'sans-serif', bold, italic);
    width = runs(text, stack).reduce((sum, run) => {
      const layout = run.face.layout(run.text);
      return sum + layout.advanceWidth / run.face.unitsPerEm;
    }, 0);
    widths.set(key, width);
  }
  return width * size;
}

/** The faces to try for a CSS font-family list: the named families in order, then every other family. */
function facesFor(fontFamily: string, bold: boolean, italic: boolean): fontkit.Font[] {
  const names = fontFamily.split(',').map((name) =>
    name
      .trim()
      .replace(/^["']|["']$/g, '')
      .toLowerCase()
  );
  const all = faces ?? [];
  const ranked = [...all].sort((a, b) => rank(a) - rank(b));
  return ranked.map((face) => face.font);

  function rank(face: Face): number {
    const named = names.indexOf(face.family.toLowerCase());
    const family = named === -1 ? names.length : named;
    // Within a family, the face of the asked weight and style first, as CSS font matching picks it.
    return family * 4 + (face.bold === bold ? 0 : 2) + (face.italic === italic ? 0 : 1);
  }
}

/** Split `text` into runs, each set in the first face of `stack` that has its characters. */
function runs(text: string, stack: readonly fontkit.Font[]): Array<{text: string; face: fontkit.Font}> {
  const result: Array<{text: string; face: fontkit.Font}> = [];
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    const face = stack.find((font) => font.hasGlyphForCodePoint(codePoint)) ?? stack[0]!;
    const last = result.at(-1);
    if (last?.face === face || (last && /\s/.test(character))) last.text += character;
    else result.push({text: character, face});
  }
  return result;
}
