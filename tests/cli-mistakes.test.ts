import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {build} from '../src/build.js';
import {ContentFolderError} from '../src/content/content-folder.js';
import {readSource} from '../src/content/read-source.js';
import {TemplateError} from '../src/html/templates.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {epubcheck} from './epub-helpers.js';
import {captureStream, sampleContent} from './helpers/build.js';
import {pdfText} from './helpers/pdf.js';

const root = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

/** Run a script of the project as a user would, and return its exit code and output. */
async function runScript(script: string, args: string[]): Promise<{code: number; stdout: string; stderr: string}> {
  try {
    const {stdout, stderr} = await run(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: {...process.env, DEBUG: ''}
    });
    return {code: 0, stdout, stderr};
  } catch (error) {
    const failure = error as {code: number; stdout: string; stderr: string};
    return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr};
  }
}

const folio = (...args: string[]) => runScript('src/cli.ts', args);

/** A failure told in one message: exit 1, a `folio:` line (and the messages before it), no stack trace. */
function expectOneMessage(result: {code: number; stderr: string}, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr).not.toMatch(/unexpected failure/);
}

/** A small report in a temporary folder: one chapter file holding `markdown`. */
async function reportWith(markdown: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'folio-mistakes-'));
  await writeFile(
    path.join(dir, 'report.yaml'),
    'title: T\npublisher: P\nauthors: A\ndate: 2021-01-01\nlanguage: en\nidentifier: urn:x\ndescription: D\nchapters: [a.md]\n'
  );
  await writeFile(path.join(dir, 'a.md'), markdown);
  return dir;
}

describe("a new user's mistakes, each one message with exit code 1 and no stack trace", () => {
  it('a content folder that does not exist, is a file, or has no report.yaml', async () => {
    expectOneMessage(
      await folio('build', '--content', '/nonexistent'),
      /^folio: The content folder `\/nonexistent` does not exist; pass the folder that holds `report.yaml` with `--content DIR`, or start a report there with `folio init DIR`\n$/
    );
    expectOneMessage(
      await folio('check', '--content', 'package.json'),
      /^folio: The content folder `package.json` is a file, not a folder;/
    );
    expectOneMessage(
      await folio('check', '--content', 'src'),
      /^folio: The content folder `src` has no `report.yaml`;/
    );
  });

  it('the same, through the build() API, which programs (the benchmark, watch) call', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'folio-out-'));
    const attempt = build({
      contentDir: '/nonexistent',
      outDir: out,
      formats: ['epub'],
      quiet: true,
      stderr: captureStream()
    });
    await expect(attempt).rejects.toBeInstanceOf(ContentFolderError);
    await expect(attempt).rejects.toThrow(/^The content folder `\/nonexistent` does not exist; pass the folder/);
  });

  it('with --debug, the same message and then its cause with the stack', async () => {
    const result = await folio('check', '--content', '/nonexistent', '--debug');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^folio: The content folder `\/nonexistent` does not exist;.*\nContentFolderError: .*\n\s+at /
    );
    expect(result.stderr).toMatch(/Caused by: Error: ENOENT/);
  });

  it('an image path that names a folder, and a chapter that is a loop of symbolic links', async () => {
    const dir = await reportWith('# T\n\nText.\n\n![A folder](images)\n');
    await mkdir(path.join(dir, 'images'));
    expectOneMessage(
      await folio('check', '--content', dir),
      /a\.md:5:1: error: Image `images` is a folder, not a file; name the image file in it \[image-type\]/
    );
    await symlink('loop.md', path.join(dir, 'loop.md'));
    await writeFile(
      path.join(dir, 'report.yaml'),
      (await readFile(path.join(dir, 'report.yaml'), 'utf8')).replace('[a.md]', '[a.md, loop.md]')
    );
    expectOneMessage(
      await folio('check', '--content', dir),
      /report\.yaml:\d+:\d+: error: Chapter `loop\.md` is a loop of symbolic links;/
    );
  });

  it('a section file that cannot be read is a positioned error, not a crash', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'folio-unreadable-'));
    const file = await readSource(dir, tmpdir()); // A folder where a file should be: EISDIR (root reads any file, so no EACCES here).
    expect(file.messages.map(String)).toEqual([
      expect.stringMatching(
        /:1:1: File is a folder, not a file; fix the file or its permissions, or remove it from the chapter$/
      )
    ]);
    expect(file.messages[0]).toMatchObject({fatal: true, ruleId: 'file-unreadable'});
  });

  it('options that do not apply to the command, and unknown commands', async () => {
    expectOneMessage(
      await folio('check', '--format', 'pdf'),
      /^folio: `--format` does not apply to `check`; it takes `--content`, `--strict`\n\nUsage: folio/
    );
    expectOneMessage(await folio('check', '--watch'), /^folio: `--watch` does not apply to `check`/);
    expectOneMessage(await folio('init', '--out', 'x'), /^folio: `--out` does not apply to `init`\n/);
    expectOneMessage(
      await folio('publish'),
      /^folio: Unknown command `publish`; use `build`, `check`, `init`, `plan`, `translations` or `help`/
    );
    expectOneMessage(
      await folio('build', '--shard', '3'),
      /^folio: `--shard` takes I\/N, such as `--shard 2\/4`, not `3`/
    );
    expectOneMessage(await folio('build', '--shard', '0/2'), /^folio: `--shard 0\/2`: I must be from 1 to N/);
    expectOneMessage(
      await folio('plan', '--shards', 'two'),
      /^folio: `--shards` takes a whole number from 1, not `two`/
    );
  });

  it('check says how many errors there are, and not that it wrote nothing, which it never does', async () => {
    const result = await folio('check', '--content', await reportWith('# T\n\n[Nowhere](#nowhere)\n'));
    expectOneMessage(
      result,
      /error: Cannot find heading `#nowhere` in this file \[link-missing\]\n1 error, 0 warnings\nfolio: 1 error in the content\.\n$/
    );
  });

  it('a typo in a template names the template, its line and column', async () => {
    const templates = await mkdtemp(path.join(tmpdir(), 'folio-templates-'));
    await cp(defaultTemplatesDir, templates, {recursive: true});
    const file = path.join(templates, 'print', 'report.njk');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('{{ meta.title }}', '{{ meta.title | nosuchfilter }}')
    );
    const out = await mkdtemp(path.join(tmpdir(), 'folio-out-'));
    const attempt = build({
      contentDir: sampleContent,
      outDir: out,
      formats: ['pdf'],
      quiet: true,
      stderr: captureStream(),
      templatesDir: templates
    });
    await expect(attempt).rejects.toBeInstanceOf(TemplateError);
    await expect(attempt).rejects.toThrow(
      /print\/report\.njk:\d+:\d+: error: Unknown filter `nosuchfilter`; Folio adds `cssString`, `longDate`, `year` to Nunjucks' own filters/
    );
  });

  it('the benchmark has --help, and an unknown option is a usage message', async () => {
    const help = await runScript('scripts/bench.ts', ['--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--countries',
      '--format',
      '--seed',
      '--charts',
      '--epub-runs',
      '--rebuilds',
      '--reference-runs',
      '--keep'
    ])
      expect(help.stdout).toContain(option);
    const wrong = await runScript('scripts/bench.ts', ['--colour']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^bench: Unknown option '--colour'/);
    expect(wrong.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('folio init', () => {
  it('starts a report that checks clean and builds all three formats, and never writes over one', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'folio-init-')), 'my-report');
    const started = await folio('init', dir);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stderr).toContain('report.yaml');
    expect(started.stderr).toMatch(/Next: edit .*report\.yaml/);
    const checked = await folio('check', '--content', dir);
    expect(checked).toMatchObject({code: 0, stderr: ''});
    const out = path.join(dir, '..', 'out');
    const built = await folio('build', '--content', dir, '--out', out, '--quiet');
    expect(built.code, built.stderr).toBe(0);
    expect(pdfText(path.join(out, 'human-rights-report.pdf'))).toContain('Freedom of expression');
    expect(pdfText(path.join(out, 'briefs', 'country-name.pdf'))).toContain('Human rights defenders');
    expect(epubcheck(path.join(out, 'human-rights-report.epub'))).toMatchObject({fatals: 0, errors: 0, warnings: 0});
    expect(await readFile(path.join(dir, 'report.yaml'), 'utf8')).toMatch(/identifier: urn:uuid:[0-9a-f-]{36}\n/);
    expectOneMessage(await folio('init', dir), /^folio: `.*my-report` is not empty; name a new folder/);
  });
});
