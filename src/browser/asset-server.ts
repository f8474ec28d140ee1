import {readFile, realpath} from 'node:fs/promises';
import path from 'node:path';

/** The made-up origin the browser loads a document from; `.invalid` can never resolve on a network. */
export const documentOrigin = 'https://folio.invalid';

const mediaTypes: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml'
};

/**
 * The policy every document is served with, a second wall behind request interception:
 * no script, no frames or plugins (a `data:` document in a frame is never requested, so
 * only this stops it), no forms, no `<base>`; styles, images and fonts from the report only.
 */
export const documentPolicy = [
  "default-src 'none'",
  `style-src ${documentOrigin} 'unsafe-inline'`,
  `img-src ${documentOrigin} data:`,
  `font-src ${documentOrigin} data:`,
  "script-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'"
].join('; ');

/** A response to a browser request, or `undefined` when the request is refused. */
export interface Asset {
  body: Buffer | string;
  contentType: string;
  headers?: Record<string, string>;
}

/**
 * Answers the browser's requests from the report's own files: the document itself, files of
 * the content folder (`/content/…`) and the templates folder (`/templates/…`). Anything else,
 * and any path that leaves those folders after `..` and symbolic links are resolved, is refused.
 * Fonts are not served: Chromium finds the shipped ones through fontconfig (see src/fonts/).
 */
export class AssetServer {
  private readonly roots: ReadonlyMap<string, string>;
  private readonly documents = new Map<string, string>();
  private readonly realRoots = new Map<string, Promise<string>>();
  private documentCount = 0;
  /** URLs refused so far, for debugging and tests. */
  readonly refused: string[] = [];

  constructor(contentDir: string, templatesDir: string) {
    this.roots = new Map([
      ['content', contentDir],
      ['templates', templatesDir]
    ]);
  }

  /** The real path of one of the served folders, resolved once: every font and image request needs it. */
  private realRoot(dir: string): Promise<string> {
    let root = this.realRoots.get(dir);
    if (!root) this.realRoots.set(dir, (root = realpath(dir)));
    return root;
  }

  /** Serve `html` at a new URL until `release` is called; returns the URL. */
  addDocument(html: string): {url: string; release: () => void} {
    const name = `document-${++this.documentCount}.html`;
    this.documents.set(name, html);
    return {url: `${documentOrigin}/${name}`, release: () => this.documents.delete(name)};
  }

  /** The asset for `url`, or `undefined` when it is not one of the report's own files. */
  async serve(url: string): Promise<Asset | undefined> {
    const asset = await this.lookup(url);
    if (!asset) this.refused.push(url);
    return asset;
  }

  private async lookup(url: string): Promise<Asset | undefined> {
    if (!url.startsWith(`${documentOrigin}/`)) return undefined;
    const pathname = decodeURIComponent(new URL(url).pathname).slice(1);
    const document = this.documents.get(pathname);
    if (document !== undefined)
      return {
        body: document,
        contentType: 'text/html; charset=utf-8',
        headers: {'Content-Security-Policy': documentPolicy}
      };
    for (const [prefix, dir] of this.roots) {
      if (!pathname.startsWith(`${prefix}/`)) continue;
      const file = await insideFolder(dir, await this.realRoot(dir), pathname.slice(prefix.length + 1));
      const contentType = file && mediaTypes[path.extname(file).toLowerCase()];
      if (!file || !contentType) return undefined;
      return {body: await readFile(file), contentType};
    }
    return undefined;
  }
}

/** The real path of `relative` inside `dir` (whose real path is `root`), or `undefined` if it does not exist or escapes it. */
async function insideFolder(dir: string, root: string, relative: string): Promise<string | undefined> {
  try {
    const file = await realpath(path.join(dir, relative));
    return file.startsWith(root + path.sep) ? file : undefined;
  } catch {
    return undefined; // A file that does not exist is refused like one outside the report.
  }
}
