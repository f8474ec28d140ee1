import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {chapterHtml} from '../html/chapter-html.js';
import type {CompiledReport} from '../html/model.js';
import {longDate} from '../html/templates.js';
import {imageTypes} from '../markdown/resolve-images.js';
import type {BuildContext} from '../browser/build-context.js';
import {accessibilityMetadata} from './accessibility.js';
import {renderCoverImage} from './cover-image.js';
import {chartImages, everyImageDescribed, imageAssets, withEpubSemantics} from './epub-semantics.js';
import {epubFileNames} from './file-names.js';
import {coverAlt, frontFiles, imprintLines, packageData, type PackagedImage} from './package-data.js';
import {coverEntry, packEpub, type PackedDocument} from './pack-epub.js';
import {repackEpub} from './repack-zip.js';

/**
 * Build the EPUB 3 edition: a cover image rendered from the print cover, a title page, the
 * contents (nav and NCX), and one XHTML file per chapter with notes and links made for
 * reading systems; laid out by epub-gen-memory and repacked so the same report gives the same bytes.
 */
export async function buildEpub(report: CompiledReport, context: BuildContext): Promise<Uint8Array> {
  // Chromium photographs the cover while Node makes the chapters (which yield to its messages).
  const cover = renderCoverImage(report, context);
  // Handled now (it may fail while the chapters are made); its failure is reported where the book awaits it.
  const photographed = cover.catch(() => undefined);
  try {
    return await packBook(report, context, cover);
  } finally {
    // A chapter that fails first still lets the photograph end before the build closes the browser.
    await photographed;
  }
}

/** The book's documents and images, laid out and packed around the cover `cover` gives. */
async function packBook(
  report: CompiledReport,
  context: BuildContext,
  cover: Promise<Uint8Array>
): Promise<Uint8Array> {
  const trees = report.chapters.map((chapter) => withEpubSemantics(chapter.tree));
  const assets = [...new Set(trees.flatMap((tree) => imageAssets(tree)))];
  const charts = chartImages(trees);
  const files = epubFileNames(report, assets);
  const images: PackagedImage[] = assets.map((asset, index) => ({
    id: `image-${index + 1}`,
    href: files.image(asset),
    mediaType: imageTypes[path.extname(asset).toLowerCase()]!.mediaType
  }));
  const accessibility = accessibilityMetadata(
    {count: assets.length, allDescribed: trees.every((tree) => everyImageDescribed(tree))},
    report.messages,
    report.meta.publisher
  );
  const data = packageData(report, files, {images, accessibility, date: context.date});
  const meta = report.meta;
  const documents: PackedDocument[] = [
    {
      id: 'cover-page',
      filename: frontFiles.cover,
      title: report.messages.text('cover'),
      front: true,
      kind: 'cover',
      direction: data.direction,
      image: 'cover.png',
      alt: coverAlt(report)
    },
    {
      id: 'title-page',
      filename: frontFiles.titlePage,
      title: meta.title,
      front: true,
      kind: 'titlepage',
      direction: data.direction,
      meta,
      longDate: longDate(meta.date, meta.language, meta.digits),
      imprintLabel: report.messages.text('imprint'),
      imprint: imprintLines(report)
    }
  ];
  for (const [index, chapter] of report.chapters.entries()) {
    await nextTurn();
    documents.push({
      id: `chapter-${index + 1}`,
      filename: files.chapter(chapter.slug),
      title: chapter.title,
      front: false,
      kind: 'chapter',
      direction: data.direction,
      body: chapterHtml(
        {...chapter, tree: trees[index]!},
        {
          // A link names the target's chapter file, since the report-wide id alone only works in one long
          // document; inside its own chapter it is a bare fragment, which pop-up notes need to recognise a note.
          linkTo: (target) =>
            target.chapterSlug === chapter.slug ? `#${target.id}` : `${files.chapter(target.chapterSlug)}#${target.id}`,
          imageSource: (asset) => files.image(asset),
          xml: true
        }
      )
    });
  }
  // Laid out before the cover is awaited: the photograph goes in when the book is repacked.
  const packed = await packEpub(context.templates, data, documents);
  const [coverPng, imageBytes] = await Promise.all([
    cover,
    // A chart's SVG was rendered by the build; every other image is a file of the content folder.
    Promise.all(
      assets.map((asset) => {
        const svg = charts.get(asset);
        return svg === undefined ? readFile(path.join(report.contentDir, asset)) : Buffer.from(svg);
      })
    )
  ]);
  const extra = Object.fromEntries([
    [coverEntry, coverPng],
    ...images.map((image, index) => [`OEBPS/${image.href}`, new Uint8Array(imageBytes[index]!)])
  ]);
  return repackEpub(packed, extra, context.date);
}
