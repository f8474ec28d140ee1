import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {byName, findAll, openEpub, textOf} from './epub-helpers.js';
import {ace} from './helpers/ace.js';
import {buildToTemp, sampleContent} from './helpers/build.js';

/**
 * DAISY Ace, the checker publishers and libraries run on EPUBs, finds no violation in the
 * sample report or in the construct corpus, both of which claim EPUB Accessibility 1.1 at WCAG
 * 2.1 AA (an edition with an image that has no text alternative claims nothing: epub-fixture). (Before: 27 on the sample: note numbers told from
 * the text by colour alone, the deprecated `doc-endnote` role, chapters without `doc-chapter`.)
 * One test per edition: Ace takes half a minute or more on each, on a loaded machine.
 */
describe('DAISY Ace', () => {
  for (const [name, content, editions] of [
    // The sample has English, Russian and Kazakh editions.
    ['the sample report', sampleContent, ['en', 'ru', 'kk']],
    ['the construct corpus', path.resolve(import.meta.dirname, 'fixtures/constructs'), ['en']]
  ] as const) {
    describe(`on the EPUB of ${name}`, () => {
      let epubs: string[] = [];
      let outDir = '';
      beforeAll(async () => {
        const built = await buildToTemp(content, {formats: ['epub']});
        outDir = built.outDir;
        epubs = built.result.files.filter((file) => file.path.endsWith('.epub')).map((file) => file.path);
      });

      it('has one EPUB per edition', () => {
        expect(epubs.length).toBe(editions.length);
        for (const epub of epubs) expect(path.dirname(epub)).toBe(outDir);
      });

      for (const language of editions) {
        it(`reports no violation in the ${language} edition, which claims EPUB Accessibility 1.1`, async () => {
          const {epub, opf} = await editionOf(epubs, language);
          expect(await ace(epub), epub).toEqual([]);
          // Which is what lets it claim conformance to EPUB Accessibility 1.1.
          expect(findAll(opf, (element) => element.attribs.property === 'dcterms:conformsTo')).toHaveLength(1);
        });
      }
    });
  }
});

/** The EPUB among `epubs` whose package declares `language`, and its package document. */
async function editionOf(epubs: string[], language: string) {
  for (const epub of epubs) {
    const opened = await openEpub(epub);
    const opf = opened.xml(opened.opfPath);
    if (byName(opf, 'dc:language').some((element) => textOf(element).trim() === language)) return {epub, opf};
  }
  throw new Error(`no EPUB declares the language ${language}: ${epubs.join(', ')}`);
}
