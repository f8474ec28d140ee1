import * as vega from 'vega';
import type {FontFile} from '../fonts/shipped-fonts.js';
import {ChartFonts} from './chart-fonts.js';

/** The text properties of a Vega scenegraph item that decide its width. */
interface TextItem {
  font?: string;
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
}

/** Vega's text measurer, which it exports without a type: its `width` is what Vega calls to size text. */
const textMetrics = (vega as unknown as {textMetrics: {width: (item: TextItem, text: unknown) => number}}).textMetrics;

const widths = new Map<string, number>();
let measuredWith = '';

/**
 * Make Vega measure text with the fonts the PDF will print it in. Without a canvas, Vega guesses
 * every character at 0.8 em, so axis labels, legends and titles are laid out for text of another
 * width and come out clipped or overlapping; here each run of text is shaped by fontkit in the
 * face its family, weight and style name, falling back family by family for characters that face
 * lacks (Arabic inside Noto Sans text is measured in Noto Naskh Arabic, as Chromium prints it).
 */
export function measureTextWith(files: readonly FontFile[]): void {
  const fonts = new ChartFonts(files);
  const key = files.map((file) => file.path).join('\n');
  if (key !== measuredWith) widths.clear();
  measuredWith = key;
  textMetrics.width = (item: TextItem, text: unknown) => {
    const value = text == null ? '' : String(text).trim();
    const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0;
    if (size <= 0 || !value) return 0;
    const style = {
      family: item.font ?? 'sans-serif',
      bold: item.fontWeight === 'bold' || Number(item.fontWeight) >= 600,
      italic: item.fontStyle === 'italic' || item.fontStyle === 'oblique'
    };
    const key = `${style.family}|${style.bold}|${style.italic}|${value}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = fonts
        .runs(value, style)
        .reduce((sum, run) => sum + run.font.layout(run.text).advanceWidth / run.font.unitsPerEm, 0);
      widths.set(key, width);
    }
    return width * size;
  };
}
