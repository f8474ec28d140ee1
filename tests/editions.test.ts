import {mkdtemp, mkdir, readFile, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {checkEditions} from '../src/build.js';
import {ContentError} from '../src/diagnostics/errors.js';
import {printChapterBody} from '../src/html/print-document.js';
import {parseYaml} from '../src/config/yaml.js';
import {stampValue, translationsCommand} from '../src/translations.js';
import {byName, contentDocuments, epubcheck, findAll, openEpub, textOf, type OpenedEpub} from './epub-helpers.js';
import {buildToTemp, captureStream} from './helpers/build.js';
import {bodyText, folio, pdfWords} from './helpers/pdf-layout.js';
import {pdfText} from './helpers/pdf.js';

/**
 * Editions in several languages from one content tree: a two-chapter report in English with a
 * Russian edition, where one section is translated (`name.ru.md` beside its source) and the rest
 * falls back to the English text with a notice. Every sentence here is the test's own.
 */
async function writeReport(fallback: 'source' | 'omit' | 'error' = 'source', digits = 'latn'): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-editions-'));
  const files: Record<string, string> = {
    'report.yaml': [
      'title: Editions Test Report',
      'publisher: Test Press',
      'authors: Test Author',
      'date: 2022-05-01',
      'language: en',
      'identifier: urn:uuid:4f0c5a55-0a43-4e8f-9d0c-0e2b2e1f7a10',
      'description: A small report with an English and a Russian edition.',
      'chapters:',
      '  - preface.md',
      '  - path: country',
      '    brief: true',
      'editions:',
      '  - language: en',
      '  - language: ru',
      '    title: Проверочный доклад',
      '    identifier: urn:uuid:9d2e6f1b-5c47-4a8e-b3f0-7e1c2a9d4b65',
      `    fallback: ${fallback}`,
      `    digits: ${digits}`
    ].join('\n'),
    'preface.md': '# Preface\n\nThis preface exists only in English, and its international readership is imagined.\n',
    'country/index.md': '# Country\n\nThe country chapter opens here.\n',
    'country/index.ru.md': '# Страна\n\nЗдесь начинается глава о стране.\n',
    'country/01-assembly.md':
      '## Freedom of assembly\n\n### The new law\n\nThe law on assemblies was adopted in May. See [the preface](../preface.md).\n',
    'country/01-assembly.ru.md':
      '## Свобода собраний\n\n### Новый закон\n\nЗакон "О мирных собраниях" приняли в мае; правозащитники раскритиковали его формулировки. См. [новый закон](01-assembly.md#the-new-law) и [предисловие](../preface.md).\n'
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true});
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

let outDir: string;
let english: OpenedEpub;
let russian: OpenedEpub;

beforeAll(async () => {
  ({outDir} = await buildToTemp(await writeReport()));
  english = await openEpub(path.join(outDir, 'editions-test-report.epub'));
  russian = await openEpub(path.join(outDir, 'editions-test-report.ru.epub'));
});

describe('a Russian edition beside the English one', () => {
  it('writes a PDF, an EPUB and a brief per edition', () => {
    for (const name of ['editions-test-report.pdf', 'editions-test-report.ru.pdf', 'briefs/country.ru.pdf'])
      expect(pdfText(path.join(outDir, name)).length).toBeGreaterThan(100);
  });

  it('prints its own title and Folio’s words in Russian, and the translated text', () => {
    const text = pdfText(path.join(outDir, 'editions-test-report.ru.pdf'));
    expect(text).toContain('Проверочный доклад');
    expect(text).toContain('Содержание');
    expect(text).not.toMatch(/\bContents\b/);
    expect(text).toContain('Свобода собраний');
    expect(text).not.toContain('Freedom of assembly');
    // Russian quotation marks for the straight quotes the translator typed; `code` would keep its own.
    expect(text).toContain('Закон «О мирных собраниях» приняли в мае');
    const brief = pdfText(path.join(outDir, 'briefs', 'country.ru.pdf'));
    expect(brief).toMatch(/стр\. 1 из \d/);
  });

  it('numbers every entry of the Russian contents with the page its heading is printed on', () => {
    const file = path.join(outDir, 'editions-test-report.ru.pdf');
    const pages = pdfWords(file);
    const at = pages.findIndex((page) => bodyText(page).startsWith('Содержание'));
    const text = pdfText(file, {first: at + 1, last: at + 1, layout: true});
    const entries = [...text.matchAll(/^\s*(\S.*?\S)\s{2,}(\d+)\s*$/gm)].map((match) => ({
      title: match[1]!,
      page: match[2]!
    }));
    expect(entries.map((entry) => entry.title)).toEqual(['Preface', 'Страна', 'Свобода собраний']);
    for (const {title, page} of entries) {
      const printed = pages.find((candidate) => folio(candidate) === page)!;
      expect(bodyText(printed), title).toContain(title);
    }
  });

  it('gives the untranslated preface in English, marked English, after a notice in Russian', () => {
    const preface = contentDocuments(russian).find((file) => /preface/.test(file))!;
    const xml = russian.xml(preface);
    const notice = findAll(xml, (element) => element.attribs.class === 'fallback-notice')[0]!;
    expect(notice.attribs.lang).toBe('ru');
    expect(textOf(notice)).toBe('Этот раздел ещё не переведён; ниже приводится оригинал (язык: английский).');
    const paragraphs = byName(xml, 'p').filter((p) => textOf(p).startsWith('This preface'));
    expect(paragraphs).toHaveLength(1);
    expect(paragraphs[0]!.attribs.lang).toBe('en');
    expect(pdfText(path.join(outDir, 'editions-test-report.ru.pdf'))).toContain('This preface exists only in English');
  });

  it('keeps the source’s heading ids in the translation, so links across languages hold', () => {
    const ids = (epub: OpenedEpub) =>
      contentDocuments(epub)
        .flatMap((file) => findAll(epub.xml(file), (element) => /^h[1-6]$/.test(element.name) && !!element.attribs.id))
        .map((heading) => heading.attribs.id);
    const russianIds = ids(russian);
    expect(russianIds).toContain('country--freedom-of-assembly');
    expect(russianIds).toContain('country--the-new-law');
    expect(ids(english)).toEqual(expect.arrayContaining(['country--freedom-of-assembly', 'country--the-new-law']));
    // The Russian text links to the section by its source file and source fragment.
    const chapter = contentDocuments(russian).find((file) => /country/.test(file))!;
    const link = byName(russian.xml(chapter), 'a').find((a) => textOf(a) === 'новый закон')!;
    expect(link.attribs.href).toBe('#country--the-new-law');
  });

  it('declares each edition’s language, and passes EPUBCheck with no error or warning', () => {
    const opf = russian.xml(russian.opfPath);
    expect(byName(opf, 'dc:language').map(textOf)).toEqual(['ru']);
    expect(byName(opf, 'package')[0]!.attribs['xml:lang']).toBe('ru');
    for (const file of ['editions-test-report.epub', 'editions-test-report.ru.epub']) {
      const result = epubcheck(path.join(outDir, file));
      expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
    }
  });
});

describe('an edition’s digits', () => {
  it('numbers the contents, the folios and the date in Arabic-Indic digits with `digits: arab`', async () => {
    const {outDir: dir} = await buildToTemp(await writeReport('source', 'arab'), {formats: ['pdf']});
    const file = path.join(dir, 'editions-test-report.ru.pdf');
    const pages = pdfWords(file);
    const contents = pages.findIndex((page) => bodyText(page).startsWith('Содержание'));
    expect(pdfText(file, {first: contents + 1, last: contents + 1, layout: true})).toMatch(/Preface\s+١\s*$/m);
    const folios = pages.map(folio);
    expect(folios).toEqual(expect.arrayContaining(['i', '١', '٣'])); // The front matter keeps roman numerals.
    expect(folios.filter((text) => /[0-9]/.test(text))).toEqual([]);
    expect(pdfText(file, {first: 1, last: 1})).toContain('١ мая ٢٠٢٢ г.');
    // The source edition keeps Latin digits.
    expect(pdfText(path.join(dir, 'editions-test-report.pdf'), {first: 1, last: 1})).toContain('2022');
  });
});

describe('translation status', () => {
  it('prints what each edition has, stamps a reviewed translation, and finds it stale when its source changes', async () => {
    const dir = await writeReport();
    const before = await translationsCommand(dir, []);
    expect(before).toMatch(
      /^Edition ru \(2 unstamped, 1 missing; a missing file becomes the source text, with a notice\):/
    );
    expect(before).toMatch(/preface\.ru\.md\s+missing/);
    expect(before).toMatch(/country\/01-assembly\.ru\.md\s+translated, not stamped/);
    const warned = captureStream();
    await checkEditions(dir, {stderr: warned});
    expect(warned.text()).toMatch(
      /01-assembly\.ru\.md:1:1: warning: This `ru` translation records no version of `country\/01-assembly\.md`/
    );

    const after = await translationsCommand(dir, ['country/01-assembly.ru.md', 'country/index.ru.md']);
    expect(after).toMatch(/country\/01-assembly\.ru\.md\s+translated$/m);
    expect(await readFile(path.join(dir, 'country/01-assembly.ru.md'), 'utf8')).toMatch(
      /^---\ntranslates: [0-9a-f]{12}\n---\n\n## Свобода собраний/
    );
    const quiet = captureStream();
    await checkEditions(dir, {stderr: quiet});
    expect(quiet.text()).toBe('');

    await writeFile(
      path.join(dir, 'country/01-assembly.md'),
      '## Freedom of assembly\n\n### The new law\n\nThe law was amended.\n'
    );
    expect(await translationsCommand(dir, [])).toMatch(
      /01-assembly\.ru\.md\s+stale: the source changed since it was stamped/
    );
    const strict = captureStream();
    await expect(checkEditions(dir, {stderr: strict, strict: true})).rejects.toBeInstanceOf(ContentError);
    expect(strict.text()).toMatch(
      /01-assembly\.ru\.md:2:1: error: This `ru` translation is stale: `country\/01-assembly\.md` has changed since it was stamped/
    );
    await expect(translationsCommand(dir, ['preface.md'])).rejects.toThrow(
      /`preface\.md` is no translation in this report/
    );
  });

  it('stamps a translation that starts with a byte-order mark, and keeps `$&` in its front matter as written', async () => {
    const dir = await writeReport();
    const file = path.join(dir, 'country/index.ru.md');
    await writeFile(file, '\uFEFF---\ntitle: Страна $& $$ наша\n---\n\n# Страна\n\nТекст.\n');
    await translationsCommand(dir, ['country/index.ru.md']);
    expect(await readFile(file, 'utf8')).toMatch(
      /^---\ntranslates: [0-9a-f]{12}\ntitle: Страна \$& \$\$ наша\n---\n\n# Страна\n/
    );
    await translationsCommand(dir, ['country/index.ru.md']); // Stamping again replaces the stamp.
    expect((await readFile(file, 'utf8')).match(/translates:/g)).toHaveLength(1);
  });

  it('writes a stamp of digits alone so that it reads back as the stamp, and says what to do with one that reads as a number', async () => {
    // About one stamp in 280 is digits alone, or digits around an `e`: YAML reads those, unquoted, as numbers.
    for (const stamp of ['012345678901', '123456e78901', '4d840ccb63f3'])
      expect(parseYaml(`translates: ${stampValue(stamp)}`, 1).value).toEqual({translates: stamp});
    const dir = await writeReport();
    await writeFile(
      path.join(dir, 'country/index.ru.md'),
      '---\ntranslates: 012345678901\n---\n\n# Страна\n\nТекст.\n'
    );
    const stream = captureStream();
    await expect(checkEditions(dir, {stderr: stream})).rejects.toThrow(ContentError);
    expect(stream.text()).toMatch(
      /index\.ru\.md:2:13: error: Invalid front matter `translates`: the stamp reads as a number: put it in quotes .*`folio translations --stamp` \[front-matter-field\]/
    );
  });

  it('warns when a translation has not its source’s headings, whose ids it takes in order', async () => {
    const dir = await writeReport();
    await writeFile(
      path.join(dir, 'country/01-assembly.ru.md'),
      '## Свобода собраний\n\n### Новый закон\n\nТекст.\n\n### Лишний подраздел\n\nЕщё текст.\n'
    );
    const stream = captureStream();
    await checkEditions(dir, {stderr: stream});
    expect(stream.text()).toMatch(
      /01-assembly\.ru\.md:1:1: warning: This translation has 3 headings and its source 2; .* \[translation-headings\]/
    );
  });
});

describe('an edition’s fallback policy', () => {
  it('omits an untranslated chapter with `fallback: omit`, and makes links to it plain text', async () => {
    const editions = await checkEditions(await writeReport('omit'), {stderr: captureStream()});
    expect(editions.map((edition) => edition.report.chapters.map((chapter) => chapter.slug))).toEqual([
      ['preface', 'country'],
      ['country']
    ]);
    const ru = editions[1]!.report;
    const html = printChapterBody(ru, ru.chapters[0]!).replace(/\u00ad/g, ''); // Without print's soft hyphens.
    expect(html).toContain('и предисловие.');
    expect(html).not.toMatch(/<a[^>]*>предисловие<\/a>/);
  });

  it('reads no translation from outside the content folder', async () => {
    const dir = await writeReport();
    const outside = path.join(await mkdtemp(path.join(tmpdir(), 'folio-outside-')), 'secret.md');
    await writeFile(outside, '# Secret\n\nNot part of the report.\n');
    await symlink(outside, path.join(dir, 'preface.ru.md'));
    const stream = captureStream();
    await expect(checkEditions(dir, {stderr: stream})).rejects.toBeInstanceOf(ContentError);
    expect(stream.text()).toMatch(
      /report\.yaml:\d+:\d+: error: The translation `preface\.ru\.md` is outside the content folder \(a symbolic link\); a report is built from its own files \[chapter-outside-content\]/
    );
    expect(stream.text()).not.toContain('Secret');
  });

  it('names the untranslated file with `fallback: error`', async () => {
    const stream = captureStream();
    const result = checkEditions(await writeReport('error'), {stderr: stream});
    await expect(result).rejects.toBeInstanceOf(ContentError);
    expect(stream.text()).toMatch(
      /preface\.md:1:1: error: No `ru` translation of this file, and the `ru` edition has `fallback: error`; write `preface\.ru\.md`, or set `fallback: source` \[translation-missing\]/
    );
  });

  it('hyphenates Russian text with Russian patterns and the English fallback with English ones', async () => {
    const [, ru] = await checkEditions(await writeReport(), {stderr: captureStream()});
    const html = ru!.report.chapters.map((chapter) => printChapterBody(ru!.report, chapter)).join('');
    expect(html).toContain('пра\u00adво\u00adза\u00adщит\u00adни\u00adки'); // Russian patterns on Russian words.
    expect(html).toMatch(/in\u00adter\u00adna\u00adtion\u00adal/); // English patterns on the English preface.
  });
});
