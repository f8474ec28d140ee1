import {mkdir, mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {BuildOptions} from '../src/build.js';
import {ContentError} from '../src/diagnostics/errors.js';
import {watchBuild} from '../src/watch.js';
import {captureStream} from './helpers/build.js';

const until = async (condition: () => boolean) => {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 10_000) throw new Error('timed out waiting for the watcher');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('build --watch', () => {
  it('builds, rebuilds after a change to content or templates, survives a failed build, and ignores output and hidden files', async () => {
    const content = await mkdtemp(path.join(tmpdir(), 'folio-watch-content-'));
    const templates = await mkdtemp(path.join(tmpdir(), 'folio-watch-templates-'));
    const outDir = path.join(content, 'output');
    await mkdir(outDir);
    const options: BuildOptions = {contentDir: content, outDir, formats: ['pdf'], quiet: true};
    let builds = 0;
    const build = async () => {
      builds++;
      if (builds === 3) throw new ContentError([]);
      return {files: [{path: path.join(outDir, 'report.pdf'), bytes: 1}]};
    };
    const log = captureStream();
    const stop = new AbortController();
    const watching = watchBuild({build, options, folders: [content, templates], log, signal: stop.signal});
    await until(() => builds === 1);
    await writeFile(path.join(content, 'foreword.md'), '# Foreword\n');
    await until(() => builds === 2);
    await writeFile(path.join(templates, 'print.css'), 'body {}');
    await until(() => builds === 3);
    await writeFile(path.join(content, 'foreword.md'), '# Foreword, fixed\n');
    await until(() => builds === 4);
    await writeFile(path.join(outDir, 'report.pdf'), 'written by the build');
    await writeFile(path.join(content, '.foreword.md.swp'), 'editor state');
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop.abort();
    await watching;
    expect(builds).toBe(4);
    const lines = log.text().split('\n').filter(Boolean);
    expect(lines.filter((line) => /^folio: built 1 files in \d+\.\d\d s/.test(line))).toHaveLength(3);
    expect(
      lines.some((line) => line.startsWith('folio: build failed after') && line.includes('0 errors in the content'))
    ).toBe(true);
  });
});
