import {reportMessages} from '../src/messages/catalogue.js';
import {readdirSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {Root} from 'hast';
import {toHtml} from 'hast-util-to-html';
import rehypeFormat from 'rehype-format';
import {unified} from 'unified';
import {describe, expect, it} from 'vitest';
import {sampleContent} from './helpers/build.js';
import {loadReport} from '../src/content/load-report.js';
import {formatMessages} from '../src/diagnostics/reporter.js';
import {compileReport} from '../src/html/compile-report.js';

/**
 * Fast tests of the HTML stage, without a browser: each folder of tests/fixtures/html is a report,
 * and `expected.html` is the compiled HTML of its chapters (formatted, so that a difference reads
 * well), after the messages about it as a comment. `UPDATE=1` rewrites the expected files.
 * The cases: footnote numbering across files, id scoping, section grouping, links, conformance.
 */
const fixtures = path.resolve(import.meta.dirname, 'fixtures/html');
const formatter = unified().use(rehypeFormat);

/** The compiled chapters of `dir`, formatted, with the messages first. */
async function compiled(dir: string): Promise<string> {
  const {report, files} = await loadReport(dir, fixtures);
  const result = await compileReport(report!, await reportMessages(report!));
  const tree: Root = {type: 'root', children: result.chapters.map((chapter) => structuredClone(chapter.tree))};
  const html = toHtml(formatter.runSync(tree) as Root);
  return `<!-- messages:\n${formatMessages(files) || 'none\n'}-->\n${html.trim()}\n`;
}

describe('the HTML stage', () => {
  for (const name of readdirSync(fixtures).sort()) {
    it(`compiles the ${name} fixture as expected.html says`, async () => {
      const actual = await compiled(path.join(fixtures, name));
      const expectedFile = path.join(fixtures, name, 'expected.html');
      if (process.env.UPDATE) await writeFile(expectedFile, actual);
      expect(actual).toBe(await readFile(expectedFile, 'utf8'));
    });
  }
});

describe('the compile stage', () => {
  it('gives Node’s event loop a turn after every file, so that a Chromium starting beside it is not held back', async () => {
    const {report} = await loadReport(sampleContent);
    const messages = await reportMessages(report!);
    const files = report!.chapters.reduce((sum, chapter) => sum + chapter.files.length, 0);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await compileReport(report!, messages);
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(files);
  });
});
