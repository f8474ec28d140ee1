import {readFileSync} from 'node:fs';
import * as fontkit from 'fontkit';
import type {FontFile} from '../fonts/shipped-fonts.js';

/** A face of a shipped or publisher font: family, weight and style. */
interface Face {
  family: string;
  bold: boolean;
  italic: boolean;
  font: fontkit.Font;
}

/** A run of text set in one face. */
export interface TextRun {
  text: string;
  font: fontkit.Font;
}

/** How text in a chart is set: its CSS font-family list, weight and style. */
export interface TextStyle {
  family: string;
  bold: boolean;
  italic: boolean;
}

const loaded = new Map<string, Face[]>();

/**
 * The faces of `files`, read once per process, for setting chart text as Chromium sets it: by
 * family, weight and style, falling back face by face for characters a face lacks.
 */
export class ChartFonts {
  private readonly faces: Face[];

  constructor(files: readonly FontFile[]) {
    const key = files.map((file) => file.path).join('\n');
    let faces = loaded.get(key);
    if (!faces) {
      faces = files.flatMap((file) => {
        const font = fontkit.create(readFileSync(file.path));
        if (!('characterSet' in font)) return [];
        return [
          {family: font.familyName, bold: font['OS/2']?.usWeightClass >= 600, italic: font.italicAngle !== 0, font}
        ];
      });
      loaded.set(key, faces);
    }
    this.faces = faces;
  }

  /** `text` split into runs, each in the first face of the style's stack that has its characters. */
  runs(text: string, style: TextStyle): TextRun[] {
    const stack = this.stack(style);
    const result: TextRun[] = [];
    for (const character of text) {
      const codePoint = character.codePointAt(0)!;
      const font = stack.find((face) => face.hasGlyphForCodePoint(codePoint)) ?? stack[0]!;
      const last = result.at(-1);
      if (last?.font === font || (last && /\s/.test(character))) last.text += character;
      else result.push({text: character, font});
    }
    return result;
  }

  /** The faces to try for a style: the named families in order, then every other family; in each, the asked weight and style first. */
  private stack({family, bold, italic}: TextStyle): fontkit.Font[] {
    const names = family.split(',').map((name) =>
      name
        .trim()
        .replace(/^["']|["']$/g, '')
        .toLowerCase()
    );
    const rank = (face: Face) => {
      const named = names.indexOf(face.family.toLowerCase());
      return (
        (named === -1 ? names.length : named) * 4 + (face.bold === bold ? 0 : 2) + (face.italic === italic ? 0 : 1)
      );
    };
    return [...this.faces].sort((a, b) => rank(a) - rank(b)).map((face) => face.font);
  }
}
