import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {access, readFile, readdir, rm} from 'node:fs/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {Worker} from 'node:worker_threads';
import {describe, expect, it} from 'vitest';
import {compiledIsCurrent, ensureCompiled} from '../scripts/compile.mjs';
import {projectRoot} from '../src/project-paths.js';
import {buildToTemp, sampleContent} from './helpers/build.js';

const run = promisify(execFile);

/**
 * `npm run build` and `folio` run Folio bundled into JavaScript (dist/, by esbuild), not the
 * TypeScript the other tests run: the compiled command must make the same outputs, every format
 * of every edition, its worker threads included (the sample's charts render on one).
 */
describe('the compiled command line', () => {
  it('compiles when src/ changed, and builds the same files as the TypeScript does, byte for byte', async () => {
    expect(ensureCompiled(() => undefined)).toBe(true);
    expect(compiledIsCurrent()).toBe(true);
    const env = {...process.env, SOURCE_DATE_EPOCH: '1617753600'};
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = env.SOURCE_DATE_EPOCH;
    let reference;
    try {
      reference = await buildToTemp(sampleContent);
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    const outDir = `${reference.outDir}-compiled`;
    const {stderr} = await run(
      process.execPath,
      [path.join(projectRoot, 'dist', 'cli.js'), 'build', '--content', sampleContent, '--out', outDir],
      {env, cwd: projectRoot}
    );
    expect(stderr).toMatch(/^folio: charts 4 charts, 4 rendered, 0 reused/m);
    const files = async (dir: string) =>
      (await readdir(dir, {recursive: true, withFileTypes: true}))
        .filter((entry) => entry.isFile() && !entry.parentPath.includes('.folio-cache'))
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .sort();
    const hash = async (file: string) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    // Three editions' PDF and EPUB, and the briefs.
    expect(await files(outDir)).toEqual(await files(reference.outDir));
    expect((await files(outDir)).length).toBe(8);
    for (const name of await files(outDir))
      expect(await hash(path.join(outDir, name)), name).toBe(await hash(path.join(reference.outDir, name)));
  });

  it('compiles once when two commands start at once on stale sources, and both run the result', async () => {
    expect(ensureCompiled(() => undefined)).toBe(true);
    // As after an edit of src/: the stamp no longer matches.
    await rm(path.join(projectRoot, 'dist', '.folio-compiled'));
    // Each compiles if need be (as bin/folio.mjs does), then runs the command line it finds.
    const compileAndRun = `import {execFileSync} from 'node:child_process';
      import {ensureCompiled} from ${JSON.stringify(path.join(projectRoot, 'scripts/compile.mjs'))};
      if (!ensureCompiled((message) => console.log(message))) process.exit(1);
      const help = execFileSync(process.execPath, [${JSON.stringify(path.join(projectRoot, 'dist/cli.js'))}, '--help'], {encoding: 'utf8'});
      console.log(help.split('\\n')[0]);`;
    const runs = await Promise.all(
      [1, 2].map(() => run(process.execPath, ['--input-type=module', '-e', compileAndRun], {cwd: projectRoot}))
    );
    const output = runs.map((result) => result.stdout).join('');
    expect(output.match(/^Usage: folio/gm), output).toHaveLength(2);
    expect(output.match(/^Compiling Folio/gm), output).toHaveLength(1);
    expect(output, output).toMatch(/^Waiting for another command that is compiling Folio/m);
    expect(compiledIsCurrent()).toBe(true);
    expect(await readFile(path.join(projectRoot, 'dist.lock')).catch((error) => error.code)).toBe('ENOENT');
  });

  it('keeps the module of each worker thread beside the code that starts it, and the parse worker parses', async () => {
    expect(ensureCompiled(() => undefined)).toBe(true);
    const dist = path.join(projectRoot, 'dist');
    // A worker that cannot start costs only time (the main thread parses instead): a layout that broke them would go unseen.
    const started: string[] = [];
    for (const file of (await readdir(dist)).filter((name) => name.endsWith('.js')))
      for (const call of (await readFile(path.join(dist, file), 'utf8')).matchAll(
        /startWorker\(import\.meta\.url, "([\w-]+)"/g
      ))
        started.push(call[1]!);
    expect(started.sort()).toEqual(['chart-worker', 'parse-worker']);
    for (const name of started) await access(path.join(dist, `${name}.js`));
    const worker = new Worker(pathToFileURL(path.join(dist, 'parse-worker.js')));
    try {
      const reply = await new Promise<{tree?: {children: Array<{type: string}>}}>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({index: 0, path: 'probe.md', text: '# A heading\n\nA paragraph.\n'});
      });
      expect(reply.tree?.children.map((node) => node.type)).toEqual(['heading', 'paragraph']);
    } finally {
      await worker.terminate();
    }
  });
});
