import {spawnSync} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path/posix';
import {unzipSync} from 'fflate';
import {DomUtils, parseDocument} from 'htmlparser2';

/** A parsed XML document and its elements (htmlparser2's own domhandler types). */
export type Document = ReturnType<typeof parseDocument>;
export type Element = Parameters<typeof DomUtils.getAttributeValue>[0];

/** EPUBCheck as installed by the system package. */
const epubcheckJar = '/usr/share/java/epubcheck.jar';

/** EPUBCheck's verdict on one file, read from its summary line. */
export interface EpubcheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  output: string;
}

/** Run EPUBCheck on `file` and read its counts; throws when it printed no summary, so a broken run cannot pass. */
export function epubcheck(file: string): EpubcheckResult {
  const run = spawnSync('java', ['-jar', epubcheckJar, file], {encoding: 'utf8', timeout: 120_000});
  const output = `${run.stdout}${run.stderr}`;
  const summary = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  if (!summary) throw new Error(`EPUBCheck printed no summary:\n${output}`);
  return {fatals: Number(summary[1]), errors: Number(summary[2]), warnings: Number(summary[3]), output};
}

/** An EPUB opened in memory: its bytes, its entries in zip order, and its files as text or parsed XML. */
export interface OpenedEpub {
  bytes: Uint8Array;
  names: string[];
  has: (name: string) => boolean;
  file: (name: string) => Uint8Array;
  text: (name: string) => string;
  xml: (name: string) => Document;
  /** Path of the package document, from `META-INF/container.xml`. */
  opfPath: string;
}

/** Read an EPUB file and index its entries. */
export async function openEpub(file: string): Promise<OpenedEpub> {
  const bytes = new Uint8Array(await readFile(file));
  const entries = unzipSync(bytes);
  const file_ = (name: string) => {
    const data = entries[name];
    if (!data) throw new Error(`No \`${name}\` in the EPUB`);
    return data;
  };
  const text = (name: string) => new TextDecoder().decode(file_(name));
  const xml = (name: string) => parseDocument(text(name), {xmlMode: true});
  const rootfile = DomUtils.findOne((node) => node.name === 'rootfile', xml('META-INF/container.xml').children);
  return {
    bytes,
    names: Object.keys(entries),
    has: (name) => name in entries,
    file: file_,
    text,
    xml,
    opfPath: rootfile!.attribs['full-path']!
  };
}

/** Every element of `document` (or under `node`) that `test` accepts. */
export function findAll(root: Document | Element, test: (element: Element) => boolean): Element[] {
  return DomUtils.findAll(test, root.children);
}

/** Elements by name. */
export function byName(root: Document | Element, name: string): Element[] {
  return findAll(root, (element) => element.name === name);
}

/** Whether an element's `epub:type` lists `type`. */
export function hasEpubType(element: Element, type: string): boolean {
  return (element.attribs['epub:type'] ?? '').split(/\s+/).includes(type);
}

/** The text inside an element. */
export function textOf(element: Element): string {
  return DomUtils.textContent(element);
}

/** Resolve an `href` found in `from` (a path inside the zip) to the zip path and fragment it names. */
export function resolveHref(from: string, href: string): {file: string; id: string | undefined} {
  const [target = '', id] = href.split('#');
  return {file: target ? path.normalize(path.join(path.dirname(from), decodeURIComponent(target))) : from, id};
}

/** The package document's items, by id. */
export function manifestItems(
  epub: OpenedEpub
): Map<string, {href: string; path: string; mediaType: string; properties: string[]}> {
  const opf = epub.xml(epub.opfPath);
  return new Map(
    byName(opf, 'item').map((item) => [
      item.attribs.id!,
      {
        href: item.attribs.href!,
        path: resolveHref(epub.opfPath, item.attribs.href!).file,
        mediaType: item.attribs['media-type']!,
        properties: (item.attribs.properties ?? '').split(/\s+/).filter(Boolean)
      }
    ])
  );
}

/** The XHTML content documents of the package, by zip path. */
export function contentDocuments(epub: OpenedEpub): string[] {
  return [...manifestItems(epub).values()]
    .filter((item) => item.mediaType === 'application/xhtml+xml')
    .map((item) => item.path);
}
