import {execFile} from 'node:child_process';
import {mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {checkReport} from '../src/build.js';
import {ContentError} from '../src/diagnostics/errors.js';
import {captureStream, sampleContent} from './helpers/build.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const brokenDir = path.join(root, 'tests/fixtures/broken');
const expectedFile = path.join(brokenDir, 'expected.txt');
const cases = ['content', 'manifest', 'syntax'];

/** What `folio check` prints for `contentDir`, and whether it failed. */
async function check(contentDir: string): Promise<{text: string; failed: boolean}> {
  const stream = captureStream();
  try {
    await checkReport(contentDir, {stderr: stream});
    return {text: stream.text(), failed: false};
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    return {text: stream.text(), failed: true};
  }
}

/** A content folder in a temporary directory with one chapter file holding `markdown`. */
async function reportWith(markdown: string, manifestExtra = ''): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-check-'));
  const manifest = `title: T\npublisher: P\nauthors: A\ndate: 2021-01-01\nlanguage: en\nidentifier: urn:x\ndescription: D\n${manifestExtra}chapters: [a.md]\n`;
  await writeFile(path.join(dir, 'report.yaml'), manifest);
  await writeFile(path.join(dir, 'a.md'), markdown);
  return dir;
}

describe('folio check', () => {
  it('reports every problem of the broken fixtures as `path:line:column: severity: message [rule-id]`', async () => {
    const parts: string[] = [];
    for (const name of cases) {
      const {text, failed} = await check(path.relative(process.cwd(), path.join(brokenDir, name)));
      expect(failed).toBe(true);
      parts.push(`## ${name}\n${text}`);
    }
    const actual = parts.join('\n');
    if (process.env.UPDATE) await writeFile(expectedFile, actual);
    expect(actual).toBe(await readFile(expectedFile, 'utf8'));
    for (const line of actual.split('\n').filter((line) => line.startsWith('tests/'))) {
      expect(line).toMatch(/^tests\/fixtures\/broken\/[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$/);
    }
  });

  it('prints nothing and exits 0 on the sample report (the CLI)', async () => {
    const {stdout, stderr} = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'check', '--content', sampleContent],
      {cwd: root}
    );
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });

  it('exits 1 on broken content, printing the messages, the counts and the summary (the CLI)', async () => {
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'check', '--content', 'tests/fixtures/broken/manifest'],
      {cwd: root}
    ).catch((error: {code: number; stdout: string; stderr: string}) => error);
    expect('code' in failure && failure.code).toBe(1);
    expect(failure.stdout).toBe('');
    const expected = (await readFile(expectedFile, 'utf8')).split('## manifest\n')[1]!.split('\n## ')[0]!;
    expect(failure.stderr).toBe(`${expected}folio: 6 errors in the content.\n`); // `check` never writes, so it does not say it wrote nothing.
  });

  it('warns about duplicate headings and still gives each its own id', async () => {
    const dir = await reportWith('# T\n\n## Same\n\nOne.\n\n## Same\n\nTwo.\n');
    const stream = captureStream();
    const compiled = await checkReport(dir, {stderr: stream});
    expect(stream.text()).toMatch(
      /a\.md:7:1: warning: Heading `Same` has the same id as an earlier heading in this file; links to `#same` go to the first\. Rename one of them \[heading-duplicate\]/
    );
    expect(compiled.chapters[0]!.sections.map((section) => section.id)).toEqual(['a--same', 'a--same-1']);
  });

  it('matches footnote labels case-insensitively and ignores escaped and code references', async () => {
    const dir = await reportWith('# T\n\nCited.[^A] Escaped \\[^b] and `[^c]`.\n\n[^a]: Note.\n');
    expect((await check(dir)).text).toBe('');
  });
});

describe('bad input never crashes or hangs', () => {
  // Each generated input must either check cleanly or fail with its own positioned message, quickly.
  const pathological: Array<[string, () => string, RegExp | undefined]> = [
    [
      'a 10 MB paragraph',
      () => '# T\n\n' + 'word '.repeat(2_000_000),
      /a\.md:1:1: error: File is 9\.5 MB; at most 1 MB are allowed.*\[content-too-large\]/
    ],
    [
      'a 300 KB paragraph',
      () => '# T\n\n' + 'word '.repeat(60_000),
      /a\.md:3:1: error: This block of text is longer than 256 KB.*\[content-too-large\]/
    ],
    [
      '50,000 nested block quotes',
      () => '# T\n\n' + '> '.repeat(50_000) + 'x\n',
      /a\.md:3:1: error: Lists or block quotes are nested 50000 levels deep.*\[content-too-deep\]/
    ],
    [
      '10,000 nested list items on one line',
      () => '# T\n\n' + '- '.repeat(10_000) + 'x\n',
      /a\.md:3:1: error: Lists or block quotes are nested 10000 levels deep.*\[content-too-deep\]/
    ],
    [
      '1,000 lists nested by indentation',
      () => '# T\n\n' + Array.from({length: 1000}, (_, i) => '  '.repeat(i) + '- x').join('\n'),
      /a\.md:103:1: error: Lists or block quotes are nested 101 levels deep.*\[content-too-deep\]/
    ],
    [
      '10,000 nested raw HTML elements',
      () => '# T\n\n' + '<div>'.repeat(10_000) + 'x\n',
      /a\.md:3:501: error: Raw HTML elements are nested more than 100 levels deep.*\[content-too-deep\]/
    ],
    [
      '50,000 unclosed brackets',
      () => '# T\n\n' + '['.repeat(50_000) + 'a\n',
      /a\.md:3:1: error: This block of text holds more than 2000 brackets.*\[content-too-complex\]/
    ],
    ['30,000 unclosed links', () => '# T\n\n' + '[a](b '.repeat(30_000), /\[content-too-complex\]/],
    ['65,000 link closers without openers', () => '# T\n\n' + 'a]'.repeat(65_000), /\[content-too-complex\]/],
    [
      'nested strong emphasis 30,000 times',
      () => '# T\n\n' + '*a **a '.repeat(30_000),
      /a\.md:3:1: error: This block of text holds more than 2000 emphasis markers.*\[content-too-complex\]/
    ],
    ['mismatched emphasis openers and closers', () => '# T\n\n' + '*a_ '.repeat(50_000), /\[content-too-complex\]/],
    ['30,000 unclosed HTML comments', () => '# T\n\n' + '<!--'.repeat(30_000), /\[content-too-complex\]/],
    ['5,000 backticks', () => '# T\n\n' + '`'.repeat(5000) + 'x\n', /\[content-too-complex\]/],
    ['just under the limits: 999 unclosed links', () => '# T\n\n' + '[a](b '.repeat(999), undefined],
    ['5,000 escaped brackets, which are text', () => '# T\n\n' + '\\['.repeat(5000) + 'x\n', undefined],
    [
      '2,001 parentheses in Cyrillic prose',
      () => '# T\n\n' + 'Қазақстан (Алматы '.repeat(2001) + 'x\n',
      /a\.md:3:1: error: This block of text holds more than 2000 parentheses.*\[content-too-complex\]/
    ],
    [
      'just under the limits: 99 nested lists and 100 nested divs',
      () => '# T\n\n' + '- '.repeat(99) + 'x\n\n' + '<div>'.repeat(100) + 'x\n',
      undefined
    ]
  ];
  for (const [name, make, expected] of pathological) {
    it(name, async () => {
      const dir = await reportWith(make());
      const started = performance.now();
      const {text, failed} = await check(dir);
      expect(performance.now() - started).toBeLessThan(15_000);
      if (expected) {
        expect(failed).toBe(true);
        expect(text).toMatch(expected);
      } else {
        expect(text).not.toMatch(/error/);
      }
    });
  }

  it('rejects a YAML alias bomb in the manifest quickly', async () => {
    const bomb =
      'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
      Array.from(
        {length: 9},
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`
      ).join('\n') +
      '\n';
    const dir = await reportWith('# T\n\nText.\n', `keywords: ${'[]'}\n`);
    await writeFile(path.join(dir, 'report.yaml'), bomb);
    const started = performance.now();
    const {text, failed} = await check(dir);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(failed).toBe(true);
    expect(text).toMatch(
      /report\.yaml:1:1: error: Invalid YAML: YAML could not be read: Excessive alias count.*\[manifest-syntax\]/
    );
  });

  it('rejects thousands of nested brackets in front matter with the line', async () => {
    const dir = await reportWith('# T\n\nText.\n');
    await writeFile(path.join(dir, 'a.md'), `---\ntitle: ${'['.repeat(1000)}\n---\n# T\n\nText.\n`);
    const {text, failed} = await check(dir);
    expect(failed).toBe(true);
    expect(text).toMatch(
      /a\.md:2:1: error: Invalid front matter: YAML is nested 1000 levels deep; at most 64 are allowed \[front-matter-syntax\]/
    );
  });

  it('rejects a YAML alias bomb in front matter', async () => {
    const dir = await reportWith('# T\n\nText.\n');
    const lines = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        {length: 8},
        (_, i) =>
          `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9)
            .fill('*' + 'abcdefgh'[i])
            .join(', ')}]`
      )
    ];
    await writeFile(path.join(dir, 'a.md'), `---\n${lines.join('\n')}\n---\n# T\n\nText.\n`);
    const {text, failed} = await check(dir);
    expect(failed).toBe(true);
    expect(text).toMatch(
      /a\.md:\d+:\d+: error: Invalid front matter: YAML could not be read: Excessive alias count.*\[front-matter-syntax\]/
    );
  });
});
