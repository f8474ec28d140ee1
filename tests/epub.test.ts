import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {zipSync} from 'fflate';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {buildToTemp, sampleContent} from './helpers/build.js';
import {
  byName,
  contentDocuments,
  epubcheck,
  findAll,
  hasEpubType,
  manifestItems,
  openEpub,
  resolveHref,
  textOf,
  type Element,
  type OpenedEpub
} from './epub-helpers.js';

/** 7 April 2021, 00:00 UTC. */
const sourceDateEpoch = '1617753600';
const epubName = 'human-rights-2020-21.epub';

let outDir: string;
let epubPath: string;
let epub: OpenedEpub;
const previousEpoch = process.env.SOURCE_DATE_EPOCH;

beforeAll(async () => {
  process.env.SOURCE_DATE_EPOCH = sourceDateEpoch;
  ({outDir} = await buildToTemp(sampleContent, {formats: ['epub']}));
  epubPath = path.join(outDir, epubName);
  epub = await openEpub(epubPath);
});

afterAll(() => {
  if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = previousEpoch;
});

describe('EPUBCheck', () => {
  test('passes the sample report with no errors and no warnings', () => {
    const result = epubcheck(epubPath);
    expect(result, result.output).toMatchObject({fatals: 0, errors: 0, warnings: 0});
  });

  test('passes the Russian and the Kazakh editions of the sample, each declaring its language', async () => {
    for (const language of ['ru', 'kk']) {
      const file = path.join(outDir, epubName.replace('.epub', `.${language}.epub`));
      const result = epubcheck(file);
      expect(result, result.output).toMatchObject({fatals: 0, errors: 0, warnings: 0});
      const edition = await openEpub(file);
      expect(byName(edition.xml(edition.opfPath), 'dc:language').map(textOf)).toEqual([language]);
    }
  });

  test('reports an error when a packaged file is missing, so the check above can fail', async () => {
    const entries = Object.fromEntries(epub.names.map((name) => [name, epub.file(name)]));
    const image = epub.names.find((name) => name.includes('/images/'));
    expect(image).toBeDefined();
    delete entries[image!];
    const broken = path.join(await mkdtemp(path.join(tmpdir(), 'folio-epub-')), 'broken.epub');
    await writeFile(broken, zipSync({mimetype: [entries.mimetype!, {level: 0}], ...entries}));
    expect(epubcheck(broken).errors).toBeGreaterThan(0);
  });
});

describe('package', () => {
  test('starts with the mimetype, stored uncompressed', () => {
    const header = Buffer.from(epub.bytes.subarray(0, 58));
    expect(header.readUInt32LE(0)).toBe(0x04034b50);
    expect(header.readUInt16LE(8)).toBe(0); // Compression method: stored.
    expect(header.readUInt16LE(26)).toBe('mimetype'.length);
    expect(header.readUInt16LE(28)).toBe(0); // No extra field, so the type sits at byte 38.
    expect(header.subarray(30, 38).toString()).toBe('mimetype');
    expect(header.subarray(38, 58).toString()).toBe('application/epub+zip');
  });

  test('has the manifest identifier as its unique identifier, and its metadata', () => {
    const opf = epub.xml(epub.opfPath);
    const pkg = byName(opf, 'package')[0]!;
    const identifier = findAll(
      opf,
      (element) => element.name === 'dc:identifier' && element.attribs.id === pkg.attribs['unique-identifier']
    );
    expect(identifier.map(textOf)).toEqual(['urn:uuid:e9a8a7c4-eef1-40b3-94d6-603b055d9e05']);
    const dc = (name: string) => byName(opf, `dc:${name}`).map(textOf);
    expect(dc('title')).toEqual(['Human Rights in Europe and Central Asia', 'Annual report 2020/21 — sample edition']);
    expect(dc('creator')).toEqual(['Folio Sample Press research team']);
    expect(dc('publisher')).toEqual(['Folio Sample Press']);
    expect(dc('language')).toEqual(['en']);
    expect(dc('date')).toEqual(['2021-04-07']);
    expect(dc('description')[0]).toMatch(/^A sample edition/);
    const modified = findAll(opf, (element) => element.attribs.property === 'dcterms:modified').map(textOf);
    expect(modified).toEqual([new Date(Number(sourceDateEpoch) * 1000).toISOString().replace('.000', '')]);
  });

  test('carries EPUB Accessibility 1.1 metadata', () => {
    const opf = epub.xml(epub.opfPath);
    const values = (property: string) =>
      findAll(opf, (element) => element.attribs.property === `schema:${property}`).map(textOf);
    expect(values('accessMode')).toEqual(expect.arrayContaining(['textual']));
    expect(values('accessModeSufficient')).toEqual(['textual']);
    expect(values('accessibilityFeature')).toEqual(
      expect.arrayContaining(['tableOfContents', 'readingOrder', 'alternativeText', 'structuralNavigation'])
    );
    expect(values('accessibilityHazard')).toEqual(['none']);
    expect(values('accessibilitySummary')[0]!.length).toBeGreaterThan(40);
    // The conformance claim, certified by the publisher (tests/accessibility.test.ts holds it to Ace).
    const claim = findAll(opf, (element) => element.attribs.property === 'dcterms:conformsTo');
    expect(claim.map(textOf)).toEqual(['EPUB Accessibility 1.1 - WCAG 2.1 Level AA']);
    const certifiers = findAll(opf, (element) => element.attribs.property === 'a11y:certifiedBy');
    expect(certifiers.map(textOf)).toEqual(['Folio Sample Press']);
    expect(certifiers[0]!.attribs.refines).toBe(`#${claim[0]!.attribs.id}`);
  });

  test('marks a PNG generated from the print cover as the cover image', () => {
    const covers = [...manifestItems(epub).entries()].filter(([, item]) => item.properties.includes('cover-image'));
    expect(covers).toHaveLength(1);
    const [id, cover] = covers[0]!;
    expect(cover.mediaType).toBe('image/png');
    const png = Buffer.from(epub.file(cover.path));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1400); // Width, from the IHDR chunk.
    const opf = epub.xml(epub.opfPath);
    expect(
      findAll(opf, (element) => element.name === 'meta' && element.attribs.name === 'cover').map(
        (meta) => meta.attribs.content
      )
    ).toEqual([id]);
  });

  test('gives every image alt text and packages it, fetching nothing from the network', () => {
    const items = manifestItems(epub);
    const images = contentDocuments(epub).flatMap((file) => byName(epub.xml(file), 'img').map((img) => ({file, img})));
    expect(images.length).toBeGreaterThanOrEqual(2); // The cover and the sample's chart.
    for (const {file, img} of images) {
      expect(img.attribs.alt?.trim(), `${file}: ${img.attribs.src}`).toBeTruthy();
      expect(img.attribs.src).not.toMatch(/^[a-z]+:/i);
      const target = resolveHref(file, img.attribs.src!).file;
      expect(epub.has(target), target).toBe(true);
      expect([...items.values()].some((item) => item.path === target)).toBe(true);
    }
  });
});

describe('navigation', () => {
  const navPath = () => [...manifestItems(epub).values()].find((item) => item.properties.includes('nav'))!.path;

  test('nests every chapter’s sections under it in the contents', () => {
    const nav = epub.xml(navPath());
    const toc = findAll(nav, (element) => element.name === 'nav' && hasEpubType(element, 'toc'))[0]!;
    const list = toc.children.find((node): node is Element => 'name' in node && node.name === 'ol')!;
    const chapters = list.children.filter((node): node is Element => 'name' in node && node.name === 'li');
    expect(chapters.map((li) => textOf(byName(li, 'a')[0]!))).toEqual([
      'Foreword',
      'Europe and Central Asia: regional overview',
      'Kazakhstan'
    ]);
    const kazakhstan = byName(chapters[2]!, 'ol')[0]!;
    expect(byName(kazakhstan, 'a').map(textOf)).toContain('Freedom of assembly');
    for (const link of byName(toc, 'a')) {
      const {file, id} = resolveHref(navPath(), link.attribs.href!);
      expect(epub.has(file), link.attribs.href).toBe(true);
      if (id) expect(epub.text(file)).toContain(`id="${id}"`);
    }
  });

  test('has landmarks for the cover, the contents and the start of the body', () => {
    const nav = epub.xml(navPath());
    const landmarks = findAll(nav, (element) => element.name === 'nav' && hasEpubType(element, 'landmarks'))[0]!;
    const links = byName(landmarks, 'a');
    const types = links.map((link) => link.attribs['epub:type']);
    expect(types).toEqual(expect.arrayContaining(['cover', 'toc', 'bodymatter']));
    for (const link of links) expect(epub.has(resolveHref(navPath(), link.attribs.href!).file)).toBe(true);
    const body = links.find((link) => link.attribs['epub:type'] === 'bodymatter')!;
    expect(epub.text(resolveHref(navPath(), body.attribs.href!).file)).toContain('<h1 id="foreword--foreword">');
  });

  test('has an NCX with the same two levels for older reading systems', () => {
    const ncxItem = [...manifestItems(epub).values()].find((item) => item.mediaType === 'application/x-dtbncx+xml')!;
    const ncx = epub.xml(ncxItem.path);
    const top = byName(ncx, 'navPoint').filter((point) => (point.parent as Element | null)?.name === 'navMap');
    expect(top).toHaveLength(3);
    expect(byName(top[2]!, 'navPoint').length).toBeGreaterThanOrEqual(8);
  });
});

describe('content documents', () => {
  test('declare the manifest language in lang and xml:lang, as does the package', () => {
    const pkg = byName(epub.xml(epub.opfPath), 'package')[0]!;
    expect(pkg.attribs['xml:lang']).toBe('en');
    const documents = contentDocuments(epub);
    expect(documents.length).toBeGreaterThanOrEqual(6);
    for (const file of documents) {
      const html = byName(epub.xml(file), 'html')[0]!;
      expect([html.attribs.lang, html.attribs['xml:lang']], file).toEqual(['en', 'en']);
    }
  });

  test('keep Kazakh Cyrillic as text, one file per chapter', () => {
    const chapter = contentDocuments(epub).find((file) => file.endsWith('kazakhstan.xhtml'))!;
    expect(epub.text(chapter)).toContain('Қазақстан');
    // Marked with its language, so that a screen reader reads it with a Kazakh voice.
    expect(epub.text(chapter)).toContain('<span lang="kk">Қазақстан</span>');
  });

  test('mark notes for pop-up readers, each with a way back', () => {
    let notes = 0;
    for (const file of contentDocuments(epub)) {
      const document = epub.xml(file);
      for (const ref of findAll(document, (element) => element.attribs.role === 'doc-noteref')) {
        expect(hasEpubType(ref, 'noteref')).toBe(true);
        const {file: target, id} = resolveHref(file, ref.attribs.href!);
        expect(target).toBe(file);
        const note = findAll(document, (element) => element.attribs.id === id)[0]!;
        expect(note.name).toBe('li');
        expect(hasEpubType(note, 'endnote')).toBe(true);
        expect(hasEpubType(note.parent!.parent as Element, 'endnotes')).toBe(true);
        const back = findAll(note, (element) => element.attribs.role === 'doc-backlink')[0]!;
        expect(back.attribs.href).toBe(`#${ref.attribs.id}`);
        notes++;
      }
    }
    expect(notes).toBeGreaterThanOrEqual(10);
  });

  test('link to sections of other chapters by the target chapter’s file', () => {
    const links = contentDocuments(epub).flatMap((file) =>
      byName(epub.xml(file), 'a')
        .map((a) => ({file, href: a.attribs.href ?? ''}))
        .filter(({href}) => !href.startsWith('#') && !/^[a-z]+:/i.test(href))
    );
    const crossChapter = links.filter(({file, href}) => resolveHref(file, href).file !== file);
    expect(crossChapter.length).toBeGreaterThan(0);
    for (const {file, href} of crossChapter) {
      const target = resolveHref(file, href);
      expect(epub.has(target.file), href).toBe(true);
      if (target.id !== undefined)
        expect(
          findAll(epub.xml(target.file), (element) => element.attribs.id === target.id),
          href
        ).toHaveLength(1);
    }
  });
});

test('two builds with SOURCE_DATE_EPOCH give the same bytes', async () => {
  ({outDir} = await buildToTemp(sampleContent, {formats: ['epub']}));
  const again = await openEpub(path.join(outDir, epubName));
  expect(Buffer.from(again.bytes).equals(Buffer.from(epub.bytes))).toBe(true);
});
