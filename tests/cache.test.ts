import {appendFile, chmod, mkdtemp, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {VFile} from 'vfile';
import {describe, expect, it} from 'vitest';
import {build} from '../src/build.js';
import {cacheFolderName} from '../src/cache/build-cache.js';
import {ParseCache} from '../src/cache/parse-cache.js';
import {findChromium} from '../src/system/find-chromium.mjs';
import {parseMany} from '../src/markdown/parse-pool.js';
import {generateReport} from '../scripts/generate-report.js';
import {captureStream} from './helpers/build.js';
import {pdfText} from './helpers/pdf.js';

async function temp(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

describe('the parse cache', () => {
  const markdown =
    '## Права человека\n\nQuoted “text” with a footnote.[^1]\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n[^1]: Қазақстан.\n';

  it('reuses the tree of a text parsed before, and parses a new text', async () => {
    const dir = await temp('folio-parse-cache-');
    const first = new ParseCache(dir, 'v1');
    const [parsed] = await first.parseMany([new VFile({path: 'a.md', value: markdown})], parseMany);
    await first.save();
    const second = new ParseCache(dir, 'v1');
    const [reused] = await second.parseMany(
      [new VFile({path: 'b.md', value: markdown}), new VFile({path: 'c.md', value: `${markdown}\nMore.\n`})],
      parseMany
    );
    expect(second.counts).toEqual({reused: 1, parsed: 1});
    expect(reused).toEqual(JSON.parse(JSON.stringify(parsed)));
  });

  it('ignores a corrupt entry and an entry of another Folio version', async () => {
    const dir = await temp('folio-parse-cache-');
    const cache = new ParseCache(dir, 'v1');
    const [fresh] = await cache.parseMany([new VFile({value: markdown})], parseMany);
    await cache.save();
    const [entry] = await readdir(dir);
    expect((await new ParseCache(dir, 'v2').parseMany([new VFile({value: markdown})], parseMany))[0]).toEqual(fresh);
    for (const garbage of ['{"type":"root"', '{"type":"paragraph","children":[]}']) {
      await writeFile(path.join(dir, entry!), garbage);
      const again = new ParseCache(dir, 'v1');
      expect((await again.parseMany([new VFile({value: markdown})], parseMany))[0]).toEqual(fresh);
      expect(again.counts).toEqual({reused: 0, parsed: 1});
    }
  });
});

describe('incremental builds', () => {
  it('reuses unchanged outputs, and after an edit re-parses only the edited file', async () => {
    const {contentDir} = await generateReport(await temp('folio-cache-content-'), {countries: 1, paragraphs: 2});
    const outDir = await temp('folio-cache-out-');
    const options = {contentDir, outDir, formats: ['pdf'] as const, quiet: true};
    const first = await build({...options, stderr: captureStream()});
    const pdf = first.files[0]!.path;
    const printed = (await stat(pdf)).mtimeMs;
    const entries = new Set(await readdir(path.join(outDir, cacheFolderName, 'mdast')));
    expect(entries.size).toBe(10); // The foreword, the chapter's index.md and its eight sections.

    // Nothing changed: the same files, and the PDF not even rewritten (speed is measured by `npm run bench`).
    const again = await build({...options, stderr: captureStream()});
    expect(again.files).toEqual(first.files);
    expect((await stat(pdf)).mtimeMs).toBe(printed);

    const country = (await readdir(path.join(contentDir, 'countries')))[0]!;
    await appendFile(
      path.join(contentDir, 'countries', country, '03-prisoners-of-conscience.md'),
      '\nA new paragraph about Ақтөбе.\n'
    );
    await build({...options, stderr: captureStream()});
    const after = new Set(await readdir(path.join(outDir, cacheFolderName, 'mdast')));
    // One new tree (the edited file); the old one is dropped; the other nine are the same entries.
    expect([...after].filter((name) => !entries.has(name))).toHaveLength(1);
    expect([...entries].filter((name) => !after.has(name))).toHaveLength(1);
    expect(pdfText(pdf)).toContain('Ақтөбе');
  });

  it('rebuilds when the record is corrupt or an output was changed by hand', async () => {
    const {contentDir} = await generateReport(await temp('folio-cache-content-'), {countries: 1, paragraphs: 1});
    const outDir = await temp('folio-cache-out-');
    const options = {contentDir, outDir, formats: ['pdf'] as const, quiet: true};
    const [output] = (await build({...options, stderr: captureStream()})).files;
    const first = (await stat(output!.path)).mtimeMs;
    await writeFile(path.join(outDir, cacheFolderName, 'build.json'), '{"version":1,"fingerprint":');
    await build({...options, stderr: captureStream()});
    // Written again, not reused: a corrupt record is never trusted.
    expect((await stat(output!.path)).mtimeMs).toBeGreaterThan(first);
    expect((await readFile(output!.path)).subarray(0, 5).toString()).toBe('%PDF-');
    await writeFile(output!.path, 'not a PDF');
    await build({...options, stderr: captureStream()});
    expect((await readFile(output!.path)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('makes an EPUB whose cover is unchanged without starting Chromium, and starts it when the cover changes', async () => {
    const content = await temp('folio-cover-content-');
    const outDir = await temp('folio-cover-out-');
    await generateReport(content, {countries: 2, paragraphs: 1});
    // Chromium through a script that counts its starts: no `browser` line could hide one started early.
    const starts = path.join(outDir, '..', `${path.basename(outDir)}-starts`);
    const chromium = path.join(await temp('folio-cover-chromium-'), 'chromium');
    await writeFile(chromium, `#!/bin/sh\necho started >> '${starts}'\nexec '${findChromium()}' "$@"\n`);
    await chmod(chromium, 0o755);
    const started = async () => (await readFile(starts, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    const epubBuild = async () => {
      const stderr = captureStream();
      const saved = process.env.FOLIO_CHROMIUM;
      process.env.FOLIO_CHROMIUM = chromium;
      try {
        await build({contentDir: content, outDir, formats: ['epub'], stderr});
      } finally {
        if (saved === undefined) delete process.env.FOLIO_CHROMIUM;
        else process.env.FOLIO_CHROMIUM = saved;
      }
      const epub = (await readdir(outDir)).find((name) => name.endsWith('.epub'))!;
      return {progress: stderr.text(), epub: await readFile(path.join(outDir, epub))};
    };
    const first = await epubBuild();
    expect(first.progress).toMatch(/^folio: browser \(/m);
    expect(await started()).toBe(1);
    const sections = (await readdir(path.join(content, 'countries'))).sort();
    await appendFile(path.join(content, 'countries', sections[0]!, 'index.md'), '\nOne more sentence.\n');
    const edited = await epubBuild();
    expect(edited.progress).toMatch(/^folio: epub \(/m);
    expect(edited.progress).not.toMatch(/^folio: browser/m);
    expect(await started()).toBe(1); // Not started at all.
    expect(edited.epub.equals(first.epub)).toBe(false);
    // The title is on the cover: a new title, a new cover, so Chromium starts again.
    const manifest = path.join(content, 'report.yaml');
    await writeFile(manifest, (await readFile(manifest, 'utf8')).replace(/^title: .*$/m, 'title: Another title'));
    expect((await epubBuild()).progress).toMatch(/^folio: browser \(/m);
    expect(await started()).toBe(2);
  });
});
