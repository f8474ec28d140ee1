import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {findAll, openEpub} from './epub-helpers.js';
import {ace} from './helpers/ace.js';
import {buildToTemp, sampleContent} from './helpers/build.js';

/**
 * DAISY Ace, the checker publishers and libraries run on EPUBs, finds no violation in the
 * sample report or in the construct corpus, both of which claim EPUB Accessibility 1.1 at WCAG
 * 2.1 AA (an edition with an image that has no text alternative claims nothing: epub-fixture). (Before: 27 on the sample: note numbers told from
 * the text by colour alone, the deprecated `doc-endnote` role, chapters without `doc-chapter`.)
 */
describe('DAISY Ace', () => {
  for (const [name, content] of [
    ['the sample report', sampleContent],
    ['the construct corpus', path.resolve(import.meta.dirname, 'fixtures/constructs')]
  ] as const) {
    it(`reports no violation in the EPUB of ${name}, in every edition`, async () => {
      const {outDir, result} = await buildToTemp(content, {formats: ['epub']});
      const epubs = result.files.filter((file) => file.path.endsWith('.epub')).map((file) => file.path);
      // The sample has English, Russian and Kazakh editions.
      expect(epubs.length).toBe(content === sampleContent ? 3 : 1);
      for (const epub of epubs) {
        expect(path.dirname(epub)).toBe(outDir);
        expect(await ace(epub), epub).toEqual([]);
        // Which is what lets it claim conformance to EPUB Accessibility 1.1.
        const opened = await openEpub(epub);
        const opf = opened.xml(opened.opfPath);
        expect(findAll(opf, (element) => element.attribs.property === 'dcterms:conformsTo')).toHaveLength(1);
      }
    });
  }
});
