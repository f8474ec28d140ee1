import {closeSync, openSync, readSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import type {Root} from 'hast';
import {visit} from 'unist-util-visit';
import type {VFile} from 'vfile';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {reportError, reportWarning} from '../diagnostics/messages.js';
import {decodeUrlPart, malformedUrl} from './decode-url.js';
import {fileProblem} from '../diagnostics/file-errors.js';

/** Image types every edition can show, by extension, with a test of the file's first bytes. */
export const imageTypes: Readonly<Record<string, {mediaType: string; sniff: (head: Buffer) => boolean}>> = {
  '.png': {
    mediaType: 'image/png',
    sniff: (head) => head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  },
  '.jpg': {mediaType: 'image/jpeg', sniff: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff},
  '.jpeg': {mediaType: 'image/jpeg', sniff: (head) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff},
  '.gif': {mediaType: 'image/gif', sniff: (head) => head.subarray(0, 4).toString('latin1') === 'GIF8'},
  '.svg': {mediaType: 'image/svg+xml', sniff: (head) => /<svg[\s>]/.test(head.toString('utf8'))}
};

declare module 'hast' {
  interface ElementData {
    /** Set on images: the image's path relative to the content folder. */
    folioAsset?: string;
  }
}

/**
 * Check every image: it must be a file of a supported type inside the content folder
 * (remote and `file:` images are errors: a report is built from its own files) and should
 * have alt text. Its `src` becomes its URL under `/content/`, and `data.folioAsset` its path.
 */
export function resolveImages(tree: Root, file: VFile, contentPath: string, contentDir: string): void {
  visit(tree, 'element', (node) => {
    // A chart's image is made by Folio from the chart's block (see src/charts/), not read from a file.
    if (node.tagName !== 'img' || node.data?.folioChart) return;
    const src = typeof node.properties.src === 'string' ? node.properties.src : '';
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
    if (!alt) {
      reportWarning(
        file,
        'Image has no alt text; describe what it shows for readers who cannot see it: `![description](path)`',
        node.position,
        ruleIds.imageAlt
      );
    }
    if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
      reportError(
        file,
        `Image \`${src || '(none)'}\` is not a file of the report; copy the image into the content folder and link it by a relative path`,
        node.position,
        ruleIds.imageRemote
      );
      delete node.properties.src;
      return;
    }
    const decoded = decodeUrlPart(src.split(/[?#]/)[0]!, 'path');
    if (decoded === undefined) {
      reportError(file, `Image ${malformedUrl(src)}`, node.position, ruleIds.imageMissing);
      delete node.properties.src;
      return;
    }
    const relative = path.posix.normalize(path.posix.join(path.posix.dirname(contentPath), decoded));
    const problem = checkImageFile(contentDir, relative);
    if (problem) {
      reportError(
        file,
        problem.replace('%s', `\`${src}\``),
        node.position,
        problem.startsWith('Cannot') || problem.includes('outside') ? ruleIds.imageMissing : ruleIds.imageType
      );
      delete node.properties.src;
      return;
    }
    // Where the print editions' browser finds it (see AssetServer); the EPUB packages it under its own name.
    node.properties.src = `/content/${relative.split('/').map(encodeURIComponent).join('/')}`;
    node.data = {...node.data, folioAsset: relative};
  });
}

/** A problem with the image file, with `%s` where its name goes, or undefined when it is usable. */
function checkImageFile(contentDir: string, relative: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(path.join(contentDir, relative));
  } catch (error) {
    const problem = fileProblem(error);
    return problem === 'does not exist'
      ? 'Cannot find image %s; check the path, which is relative to this file'
      : `Image %s ${problem}; check the path, which is relative to this file`;
  }
  if (!real.startsWith(contentDir + path.sep))
    return 'Image %s is outside the content folder; a report is built from its own files';
  if (statSync(real).isDirectory()) return 'Image %s is a folder, not a file; name the image file in it';
  const type = imageTypes[path.extname(real).toLowerCase()];
  if (!type) return `Image %s is not a supported type; use ${Object.keys(imageTypes).join(', ')}`;
  const head = Buffer.alloc(512);
  try {
    const descriptor = openSync(real, 'r');
    try {
      readSync(descriptor, head, 0, head.length, 0);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    return `Image %s ${fileProblem(error)}; check its permissions`;
  }
  return type.sniff(head) ? undefined : `Image %s is not a valid ${type.mediaType} file; export it again`;
}
