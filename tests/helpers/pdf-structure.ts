import {execFileSync} from 'node:child_process';

/** An outline (bookmark) entry: its title, 1-based target page, and children. */
export interface OutlineItem {
  title: string;
  page: number;
  kids: OutlineItem[];
}

type QpdfOutline = {title: string; destpageposfrom1: number; kids: QpdfOutline[]};

function qpdfJson(file: string, key: string): Record<string, unknown> {
  return JSON.parse(
    execFileSync('qpdf', ['--json', `--json-key=${key}`, file], {encoding: 'utf8', maxBuffer: 512 * 1024 * 1024})
  );
}

/** The PDF's outline, read by qpdf. */
export function pdfOutline(file: string): OutlineItem[] {
  const convert = (items: QpdfOutline[]): OutlineItem[] =>
    items.map((item) => ({title: item.title, page: item.destpageposfrom1, kids: convert(item.kids)}));
  return convert(qpdfJson(file, 'outlines').outlines as QpdfOutline[]);
}

/** Every structure element type (`/S`) in the tagged PDF's structure tree, with counts. */
export function structureTypes(file: string): Map<string, number> {
  const objects = (qpdfJson(file, 'qpdf').qpdf as [unknown, Record<string, {value?: Record<string, unknown>}>])[1];
  const counts = new Map<string, number>();
  for (const object of Object.values(objects)) {
    const value = object.value;
    if (value && typeof value['/S'] === 'string' && value['/P'] !== undefined) {
      counts.set(value['/S'] as string, (counts.get(value['/S'] as string) ?? 0) + 1);
    }
  }
  return counts;
}

/** Alt texts of the structure tree's Figure elements. */
export function figureAltTexts(file: string): string[] {
  const objects = (qpdfJson(file, 'qpdf').qpdf as [unknown, Record<string, {value?: Record<string, unknown>}>])[1];
  return Object.values(objects)
    .map((object) => object.value)
    .filter((value) => value?.['/S'] === '/Figure' && typeof value['/Alt'] === 'string')
    .map((value) => decodePdfString(value!['/Alt'] as string));
}

/** qpdf writes strings as `u:text` (Unicode) or `b:hex`. */
function decodePdfString(value: string): string {
  if (value.startsWith('u:')) return value.slice(2);
  if (value.startsWith('b:')) return Buffer.from(value.slice(2), 'hex').toString('latin1');
  return value;
}
