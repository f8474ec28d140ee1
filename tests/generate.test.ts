import {reportMessages} from '../src/messages/catalogue.js';
import {mkdtemp, readFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadReport} from '../src/content/load-report.js';
import {formatMessages} from '../src/diagnostics/reporter.js';
import {compileReport} from '../src/html/compile-report.js';
import {generateReport, sectionTopics} from '../scripts/generate-report.js';

async function generateTo(countries: number, seed?: number) {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-generate-'));
  return generateReport(dir, {countries, seed});
}

async function allText(dir: string, files: readonly string[]): Promise<string[]> {
  return Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
}

describe('the synthetic report generator', () => {
  it('writes a foreword and eight sections per country, deterministically for a seed', async () => {
    const first = await generateTo(3, 7);
    const again = await generateTo(3, 7);
    const other = await generateTo(3, 8);
    expect(first.chapters).toHaveLength(4);
    expect(first.files).toHaveLength(1 + 3 * (1 + sectionTopics.length));
    expect(await allText(again.contentDir, again.files)).toEqual(await allText(first.contentDir, first.files));
    expect(await allText(other.contentDir, other.files)).not.toEqual(await allText(first.contentDir, first.files));
  });

  it('writes varied prose with footnotes, a table, a block quote, Cyrillic names and cross-chapter links', async () => {
    const report = await generateTo(4);
    const [country] = report.chapters.slice(1);
    const chapterText = (
      await allText(
        report.contentDir,
        report.files.filter((file) => file.startsWith(`countries/${country}/`))
      )
    ).join('\n');
    expect(chapterText).toMatch(/\[\^n0\]: /);
    expect(chapterText).toMatch(new RegExp(`Published at https://www\\.example\\.org/reports/${country}\\.`));
    expect(chapterText).toMatch(/^\| Region \| Cases opened/m);
    expect(chapterText.match(/^> /gm)?.length).toBeGreaterThan(0);
    expect(chapterText).toMatch(/[ҚқҰұӘәІіҮүҒғӨөҺһ]/);
    expect(chapterText).toMatch(/\]\(\.\.\/[a-z]+\/0\d-[a-z-]+\.md\)/);
    const words = chapterText.toLowerCase().match(/\p{L}+/gu) ?? [];
    // Real prose uses many different words; a repeated sentence would not.
    expect(new Set(words).size).toBeGreaterThan(250);
  });

  it('generates a report that Folio loads and compiles without any message', async () => {
    const generated = await generateTo(3);
    const {report, files} = await loadReport(generated.contentDir);
    expect(report).toBeDefined();
    const compiled = await compileReport(report!, await reportMessages(report!));
    expect(formatMessages(files)).toBe('');
    expect(compiled.chapters.map((chapter) => chapter.slug)).toEqual(generated.chapters);
    // The cross-chapter links resolved to ids in other chapters.
    const html = JSON.stringify(compiled.chapters[1]);
    const elsewhere = [...html.matchAll(/"folioTarget":\{"chapterSlug":"([a-z]+)"/g)].map((match) => match[1]);
    expect(elsewhere.filter((slug) => slug !== generated.chapters[1])).not.toHaveLength(0);
  });
});
