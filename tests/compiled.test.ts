import {execFile, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {
  access,
  appendFile,
  cp,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  realpath,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {setTimeout as sleep} from 'node:timers/promises';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {Worker} from 'node:worker_threads';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
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

  describe('on a copy of the project (so that no other test file sees its dist change)', () => {
    let root = '';
    beforeAll(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'folio-compile-'));
      await cp(path.join(projectRoot, 'src'), path.join(root, 'src'), {recursive: true});
      await mkdir(path.join(root, 'scripts'));
      for (const file of ['package-lock.json', 'tsconfig.json', 'scripts/compile.mjs'])
        await cp(path.join(projectRoot, file), path.join(root, file));
      await symlink(path.join(projectRoot, 'node_modules'), path.join(root, 'node_modules'));
    });
    afterAll(() => rm(root, {recursive: true, force: true}));

    /** As after an edit of src/. */
    const editSources = (note: string) => appendFile(path.join(root, 'src/cli.ts'), `// ${note}\n`);
    /** A command that compiles the copy if need be (as bin/folio.mjs does), with what it printed. */
    const compileCommand = () => {
      const child = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import {ensureCompiled} from ${JSON.stringify(path.join(projectRoot, 'scripts/compile.mjs'))};
           if (!ensureCompiled((message) => console.log(message), {root: process.argv[1]})) process.exit(1);`,
          root
        ],
        {stdio: ['ignore', 'pipe', 'inherit']}
      );
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      return {output: () => output, done};
    };
    const dist = () => path.join(root, 'dist');

    it('compiles once when two commands start at once, and both can run the result', async () => {
      const commands = [compileCommand(), compileCommand()];
      expect(await Promise.all(commands.map((command) => command.done))).toEqual([0, 0]);
      const output = commands.map((command) => command.output()).join('');
      expect(output.match(/^Compiling Folio/gm), output).toHaveLength(1);
      expect(compiledIsCurrent({root})).toBe(true);
      for (const command of [1, 2]) {
        const {stdout} = await run(process.execPath, [path.join(dist(), 'cli.js'), '--help']);
        expect(stdout, `run ${command}`).toMatch(/^Usage: folio/);
      }
      expect(await readdir(root)).not.toContain('dist.lock');
    });

    it('waits while a live command holds the lock, then compiles into a new folder and keeps the one before', async () => {
      const before = await realpath(dist());
      await editSources('an edit while another command compiles');
      // Held by this (live) process, as a compiling command holds it.
      await mkdir(path.join(root, 'dist.lock'));
      await writeFile(path.join(root, 'dist.lock', 'holder'), `${process.pid}-test`);
      const command = compileCommand();
      for (let wait = 0; wait < 100 && !command.output().includes('Waiting'); wait++) await sleep(100);
      expect(command.output()).toMatch(/^Waiting for another command that is compiling Folio/m);
      await sleep(500);
      expect(command.output()).not.toMatch(/Compiling/);
      await rm(path.join(root, 'dist.lock'), {recursive: true});
      expect(await command.done).toBe(0);
      expect(command.output()).toMatch(/^Compiling Folio/m);
      expect(compiledIsCurrent({root})).toBe(true);
      // A command still running the compile before finds all of its files where they were.
      expect(await realpath(dist())).not.toBe(before);
      await access(path.join(before, 'cli.js'));
    });

    it('goes back to the compile it kept when an edit is undone, without compiling again', async () => {
      const file = path.join(root, 'src/cli.ts');
      const source = await readFile(file, 'utf8');
      const kept = await realpath(dist());
      await editSources('an edit undone below');
      const edited = compileCommand();
      expect(await edited.done).toBe(0);
      expect(edited.output()).toMatch(/^Compiling Folio/m);
      await writeFile(file, source);
      const undone = compileCommand();
      expect(await undone.done).toBe(0);
      expect(undone.output()).not.toMatch(/Compiling/);
      expect(await realpath(dist())).toBe(kept);
      expect(compiledIsCurrent({root})).toBe(true);
    });

    it('takes over the lock of a command that ended without releasing it', async () => {
      await editSources('an edit after a command died while compiling');
      const ended = spawn(process.execPath, ['-e', '0']);
      await new Promise((resolve) => ended.on('close', resolve));
      await mkdir(path.join(root, 'dist.lock'));
      await writeFile(path.join(root, 'dist.lock', 'holder'), `${ended.pid}-test`);
      const command = compileCommand();
      expect(await command.done).toBe(0);
      expect(command.output()).toMatch(/^Compiling Folio/m);
      expect(compiledIsCurrent({root})).toBe(true);
      expect(await readdir(root)).not.toContain('dist.lock');
    });
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
