import type * as fontkit from 'fontkit';
import type {ChartFonts} from './chart-fonts.js';

/** Scripts written right to left, whose glyph order fontkit's layout does not settle: such text stays text. */
const rightToLeft = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/** Attributes of a text element that a path keeps: where it is and how it is painted. */
const kept = ['transform', 'fill', 'fill-opacity', 'opacity', 'stroke', 'stroke-width', 'stroke-opacity'];

/**
 * A chart's SVG with its text drawn as outlines of the fonts it is set in, for the EPUB. There
 * the chart is an image file, which cannot use the book's fonts and may not be shown in Folio's
 * (an EPUB embeds none): a reading system sets its text in a sans-serif of its own, wider or
 * narrower than the one Vega laid it out for, and long labels run off the chart's edge. Drawn as
 * outlines, the chart looks as it does in print on every reader; its words are in the image's
 * text alternative and the data table after it. Right-to-left text is left as text.
 */
export function outlineText(svg: string, fonts: ChartFonts): string {
  return svg.replace(/<text\b([^>]*)>([^<]*)<\/text>/g, (whole, attributes: string, content: string) => {
    const text = decodeXml(content);
    if (!text.trim() || rightToLeft.test(text)) return whole;
    const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(attributes)?.[1];
    const size = parseFloat(attribute('font-size') ?? '11') || 11;
    const weight = attribute('font-weight');
    const style = {
      family: decodeXml(attribute('font-family') ?? 'sans-serif'),
      bold: weight === 'bold' || Number(weight) >= 600,
      italic: /italic|oblique/.test(attribute('font-style') ?? '')
    };
    const glyphs: Array<{path: fontkit.Glyph['path']; scale: number; x: number; y: number}> = [];
    let pen = 0;
    for (const run of fonts.runs(text, style)) {
      const scale = size / run.font.unitsPerEm;
      const layout = run.font.layout(run.text);
      layout.glyphs.forEach((glyph, index) => {
        const position = layout.positions[index]!;
        glyphs.push({path: glyph.path, scale, x: pen + position.xOffset * scale, y: -position.yOffset * scale});
        pen += position.xAdvance * scale;
      });
    }
    const anchor = attribute('text-anchor') ?? 'start';
    const shift = anchor === 'end' ? -pen : anchor === 'middle' ? -pen / 2 : 0;
    const x = parseFloat(attribute('x') ?? '0') + shift;
    const y = parseFloat(attribute('y') ?? '0');
    const d = glyphs.map((glyph) => pathData(glyph.path, glyph.scale, x + glyph.x, y + glyph.y)).join('');
    const paint = kept.flatMap((name) => {
      const value = attribute(name);
      return value === undefined ? [] : [` ${name}="${value}"`];
    });
    return `<path${paint.join('')} d="${d}"/>`;
  });
}

/** A glyph's outline (font units, y up) as SVG path data at `scale`, its origin at (x, y) (y down). */
function pathData(path: fontkit.Glyph['path'], scale: number, x: number, y: number): string {
  const point = (px: number, py: number) => `${round(x + px * scale)} ${round(y - py * scale)}`;
  let d = '';
  for (const {command, args} of path.commands) {
    const points: string[] = [];
    for (let index = 0; index < args.length; index += 2) points.push(point(args[index]!, args[index + 1]!));
    if (command === 'moveTo') d += `M${points[0]}`;
    else if (command === 'lineTo') d += `L${points[0]}`;
    else if (command === 'quadraticCurveTo') d += `Q${points.join(' ')}`;
    else if (command === 'bezierCurveTo') d += `C${points.join(' ')}`;
    else if (command === 'closePath') d += 'Z';
  }
  return d;
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[\da-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    const named: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? whole;
    const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return String.fromCodePoint(code);
  });
}
