import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, readdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {checkEditions, checkReport} from '../src/build.js';
import {ChartCache} from '../src/cache/chart-cache.js';
import {loadChartTheme} from '../src/charts/chart-theme.js';
import {chartLocale} from '../src/charts/chart-locale.js';
import {renderChart} from '../src/charts/render-chart.js';
import {measureTextWith} from '../src/charts/text-metrics.js';
import {fontFiles} from '../src/fonts/shipped-fonts.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {ContentError} from '../src/diagnostics/errors.js';
import {buildToTemp, captureStream, sampleContent} from './helpers/build.js';
import {pdfPages} from './helpers/pdf.js';
import {figureAltTexts} from './helpers/pdf-structure.js';
import {byName, openEpub, textOf, type OpenedEpub} from './epub-helpers.js';

/**
 * Charts from data (src/charts/): the sample's two charts in print, in the briefs and in the
 * EPUB, in English and Russian; positioned errors for malformed blocks; the same bytes in any
 * time zone; and no rendering again of an unchanged chart. What a chart may not reach is in
 * tests/hostile.test.ts.
 */
let outDir: string;
let english: OpenedEpub;
let russian: OpenedEpub;

beforeAll(async () => {
  ({outDir} = await buildToTemp(sampleContent, {formats: ['pdf', 'epub', 'briefs']}));
  english = await openEpub(path.join(outDir, 'human-rights-2020-21.epub'));
  russian = await openEpub(path.join(outDir, 'human-rights-2020-21.ru.epub'));
}, 180_000);

/** The 1-based number of the first page of `file` whose text has `words`. */
function pageWith(file: string, words: string): number {
  const index = pdfPages(file).findIndex((text) => text.includes(words));
  if (index === -1) throw new Error(`No page of ${file} has “${words}”`);
  return index + 1;
}

/** The fonts `pdffonts` lists for one page. */
function fontsOnPage(file: string, page: number): string[] {
  return execFileSync('pdffonts', ['-f', String(page), '-l', String(page), file], {encoding: 'utf8'})
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
}

describe('the sample report’s charts in print', () => {
  it('prints each chart’s text as text, in the shipped fonts, on its page', () => {
    const pdf = path.join(outDir, 'human-rights-2020-21.pdf');
    for (const [words, labels] of [
      ['Cases that reached court', ['Cases opened', 'Criminal cases', '81']],
      ['Law on peaceful assemblies signed', ['Azamat Orazaly dies after detention', 'Jan', 'Oct']]
    ] as const) {
      const page = pageWith(pdf, words);
      const text = pdfPages(pdf)[page - 1]!;
      for (const label of labels) expect(text).toContain(label);
      const fonts = fontsOnPage(pdf, page);
      expect(fonts).toContain('NotoSans-Regular');
      expect(
        fonts.every((font) => font.startsWith('Noto')),
        fonts.join(', ')
      ).toBe(true);
    }
  });

  it('prints them in the chapter’s brief too, each a Figure with its text alternative', () => {
    const brief = path.join(outDir, 'briefs', 'kazakhstan.pdf');
    const page = pageWith(brief, 'Cases that reached court');
    expect(fontsOnPage(brief, page).every((font) => font.startsWith('Noto'))).toBe(true);
    const alts = figureAltTexts(brief);
    expect(alts.some((alt) => alt.startsWith('Bar chart: 81 criminal cases'))).toBe(true);
    expect(alts.some((alt) => alt.startsWith('Timeline of the five dated events'))).toBe(true);
  });

  it('sets the Russian edition’s charts in Russian: its labels, month names and number grouping', () => {
    const pdf = path.join(outDir, 'human-rights-2020-21.ru.pdf');
    const bars = pdfPages(pdf)[pageWith(pdf, 'Возбуждено дел') - 1]!;
    expect(bars).toContain('Уголовные дела');
    const timeline = pdfPages(pdf)[pageWith(pdf, 'Осуждён Алнур Ильяшев') - 1]!;
    expect(timeline).toMatch(/янв\.[\s\S]*июнь[\s\S]*окт\./);
    expect(timeline).not.toMatch(/\bJan\b|\bOct\b/);
  });
});

describe('the sample report’s charts in the EPUB', () => {
  /** Every chart image of a chapter document, with the details that follow its figure. */
  function charts(epub: OpenedEpub) {
    const documents = epub.names.filter((name) => name.endsWith('.xhtml'));
    return documents.flatMap((name) => {
      const document = epub.xml(name);
      return byName(document, 'img')
        .filter((image) => image.attribs.class === 'chart')
        .map((image) => {
          const figure = image.parent as typeof image;
          let next = figure.next;
          while (next && next.type !== 'tag') next = next.next;
          return {name, image, figure, details: next as typeof image};
        });
    });
  }

  it('has each chart as an SVG image with its text alternative and caption, and its data as a table', () => {
    const found = charts(english);
    expect(found).toHaveLength(2);
    const bars = found.find(({image}) => image.attribs.alt!.startsWith('Bar chart: 81 criminal cases'))!;
    expect(bars.figure.name).toBe('figure');
    expect(textOf(byName(bars.figure, 'figcaption')[0]!)).toBe(
      'Cases under the “knowingly false information” article, January–August 2020'
    );
    const svgPath = path.posix.join(path.posix.dirname(bars.name), bars.image.attribs.src!);
    const svg = english.text(svgPath);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // Its text is drawn as outlines of the shipped fonts: an image file cannot use the book's fonts,
    // and a reader's own sans-serif, wider than Noto Sans, ran the longest labels off the edge.
    expect(svg).not.toMatch(/<text\b/);
    expect(svg).not.toContain('Cases opened');
    expect(svg.match(/<path [^>]*fill="#404040"[^>]* d="M/g)?.length).toBeGreaterThanOrEqual(4);
    // The data, under a heading a screen reader announces, with column headers.
    expect(bars.details.name).toBe('details');
    expect(textOf(byName(bars.details, 'summary')[0]!)).toBe('The chart’s data');
    const headers = byName(bars.details, 'th').map((cell) => [textOf(cell), cell.attribs.scope]);
    // The categories first, then the numbers.
    expect(headers).toEqual([
      ['Stage of the case', 'col'],
      ['Criminal cases', 'col']
    ]);
    const rows = byName(bars.details, 'tr')
      .slice(1)
      .map((row) => byName(row, 'td').map(textOf));
    expect(rows).toEqual([
      ['Cases opened', '81'],
      ['Cases that reached court', '5']
    ]);
  });

  it('writes the Russian timeline’s dates in Russian in its table', () => {
    const timeline = charts(russian).find(({image}) => image.attribs.alt!.startsWith('Хронология'))!;
    const cells = byName(timeline.details, 'td').map(textOf);
    expect(cells).toContain('22 июня 2020 г.');
    expect(cells).toContain('май 2020 г.');
    expect(textOf(byName(timeline.details, 'summary')[0]!)).toBe('Данные диаграммы');
  });
});

describe('a malformed chart block', () => {
  it('is an error at the line and column of the mistake, with the property or value probably meant', async () => {
    const content = await mkdtemp(path.join(tmpdir(), 'folio-chart-errors-'));
    await mkdir(path.join(content, 'data'));
    await writeFile(
      path.join(content, 'report.yaml'),
      'title: Charts\npublisher: P\nauthors: A\ndate: 2021-01-01\nlanguage: en\nidentifier: urn:x\ndescription: D\nchapters: [a.md]\n'
    );
    await writeFile(path.join(content, 'data', 'cases.csv'), 'stage,cases\nOpened,81\n');
    await writeFile(path.join(content, 'data', 'long.csv'), `a\n${'1\n'.repeat(10_001)}`);
    const block = (lines: string) => `\`\`\`chart\n${lines}\n\`\`\`\n`;
    await writeFile(
      path.join(content, 'a.md'),
      [
        '# Charts\n',
        block('description: D\nmark: bars\nencodng: {x: {field: a}}'),
        block(
          'description: D\ndata: {url: data/cases.csv}\nmark: bar\nencoding:\n  x: {field: case, type: quantitive}'
        ),
        block('description: D\ndata: {url: data/missing.csv}\nmark: bar'),
        block('description: [unclosed\nmark: bar'),
        block('mark: bar\ndata: {values: [{a: 1}]}\nencoding: {x: {field: a, type: nominal, axis: {labelAngel: 30}}}'),
        block('description: D\ndata: {url: data/long.csv}\nmark: bar')
      ].join('\n')
    );
    const stream = captureStream();
    await expect(checkReport(content, {stderr: stream})).rejects.toBeInstanceOf(ContentError);
    const lines = stream
      .text()
      .split('\n')
      .map((line) => line.replace(/^.*a\.md:/, ''));
    expect(lines).toEqual(
      expect.arrayContaining([
        '5:7: error: Chart `mark` cannot be `bars`; did you mean `bar`? [chart-spec]',
        '6:1: error: Unknown chart property `encodng`; did you mean `encoding`? [chart-spec]',
        '14:26: error: Chart `encoding.x.type` cannot be `quantitive`; did you mean `quantitative`? [chart-spec]',
        '19:13: error: Cannot find chart data `data/missing.csv`; check the path, which is relative to this file [chart-data]',
        expect.stringMatching(/^2[45]:\d+: error: Chart block is not valid YAML or JSON: .* \[chart-spec\]$/),
        '31:48: error: Unknown chart property `labelAngel` in `encoding.x.axis`; did you mean `labelAngle`? [chart-spec]',
        '28:1: warning: Chart has no text alternative; add `description:` saying what the chart shows, for readers who cannot see it [image-alt]',
        expect.stringMatching(
          /^36:13: error: Chart data has 10001 rows; a chart takes at most 10000: summarise the data first \[chart-data\]$/
        )
      ])
    );
    // A field the data lacks is reported once the spec itself is right.
    await writeFile(
      path.join(content, 'a.md'),
      `# Charts\n\n${block('description: D\ndata: {url: data/cases.csv}\nmark: bar\nencoding:\n  x: {field: case, type: quantitative}')}`
    );
    const again = captureStream();
    await expect(checkReport(content, {stderr: again})).rejects.toBeInstanceOf(ContentError);
    expect(again.text()).toContain(
      'a.md:8:14: error: Field `case` is not in the chart’s data; the data has `cases`, `stage`; did you mean `cases`? [chart-data]'
    );
  });
});

describe('the chart theme', () => {
  it('is a Vega-Lite config whose unknown properties are errors at their line, with the one meant', async () => {
    const templates = await mkdtemp(path.join(tmpdir(), 'folio-chart-theme-'));
    await mkdir(path.join(templates, 'charts'));
    await writeFile(
      path.join(templates, 'charts', 'theme.yaml'),
      'font: Noto Sans\naxis:\n  labelFontSize: 10\n  labelColour: red\n'
    );
    expect(() => loadChartTheme(templates)).toThrow(
      /charts\/theme\.yaml:4:3: error: The chart theme has no property `axis\.labelColour`; did you mean `labelColor`\?$/
    );
    await writeFile(path.join(templates, 'charts', 'theme.yaml'), 'font: Noto Sans\naxis: {labelFontSize: 10}\n');
    expect(loadChartTheme(templates)).toEqual({font: 'Noto Sans', axis: {labelFontSize: 10}});
  });
});

describe('a chart’s rendering', () => {
  it('takes its own config over the theme property by property', async () => {
    measureTextWith(fontFiles(defaultTemplatesDir));
    const label = 'A category name longer than 180 pixels, shorter than 300';
    const svg = await renderChart({
      spec: {
        data: {values: [{name: label, value: 1}]},
        mark: 'bar',
        encoding: {y: {field: 'name', type: 'nominal'}, x: {field: 'value', type: 'quantitative'}},
        config: {axis: {grid: false}}
      },
      theme: loadChartTheme(defaultTemplatesDir),
      locale: chartLocale('en'),
      idPrefix: 'merge'
    });
    // The theme's `axis.labelLimit` (300 px) holds beside the chart's `axis.grid`: the label is whole.
    expect(svg).toContain(`>${label}</text>`);
    expect(svg).not.toContain('…');
    expect(svg).not.toContain('role-axis-grid');
  });

  it('gives the same SVG bytes in every time zone', () => {
    const render = (zone: string) =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, 'helpers', 'render-sample-chart.ts')],
        {encoding: 'utf8', env: {...process.env, TZ: zone}}
      );
    const western = render('America/Los_Angeles');
    expect(western).toContain('<svg');
    expect(render('Pacific/Kiritimati')).toBe(western);
  });

  it('is not repeated for a chart whose spec, data, theme, language and fonts are unchanged', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-chart-cache-'));
    const first = new ChartCache(dir);
    const built = await checkEditions(sampleContent, {chartCache: first, stderr: captureStream()});
    expect(first.counts).toEqual({reused: 0, rendered: 4});
    await first.save();
    expect(await readdir(dir)).toHaveLength(4);
    const second = new ChartCache(dir);
    const rebuilt = await checkEditions(sampleContent, {chartCache: second, stderr: captureStream()});
    expect(second.counts).toEqual({reused: 4, rendered: 0});
    const svgs = (editions: typeof built) =>
      JSON.stringify(editions.map(({report}) => report.chapters.map((chapter) => chapter.tree)));
    expect(svgs(rebuilt)).toBe(svgs(built));
  });
});
