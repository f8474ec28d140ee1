import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFile, rm} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {compiledIsCurrent, ensureCompiled} from '../scripts/compile.mjs';
import {projectRoot} from '../src/project-paths.js';
import {buildToTemp, sampleContent} from './helpers/build.js';

const run = promisify(execFile);

/**
 * `npm run build` and `folio` run Folio compiled to JavaScript (dist/), not the TypeScript the
 * other tests run: the compiled command must make the same outputs, its worker threads included
 * (the sample's charts render on one).
 */
describe('the compiled command line', () => {
  it('compiles when src/ changed, and builds the same EPUBs as the TypeScript does, byte for byte', async () => {
    expect(ensureCompiled(() => undefined)).toBe(true);
    expect(compiledIsCurrent()).toBe(true);
    const env = {...process.env, SOURCE_DATE_EPOCH: '1617753600'};
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = env.SOURCE_DATE_EPOCH;
    let reference;
    try {
      reference = await buildToTemp(sampleContent, {formats: ['epub']});
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    const outDir = `${reference.outDir}-compiled`;
    const {stderr} = await run(
      process.execPath,
      [
        path.join(projectRoot, 'dist', 'cli.js'),
        'build',
        '--content',
        sampleContent,
        '--out',
        outDir,
        '--format',
        'epub'
      ],
      {env, cwd: projectRoot}
    );
    expect(stderr).toMatch(/^folio: charts 4 charts, 4 rendered, 0 reused/m);
    const hash = async (file: string) =>
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
    for (const name of ['human-rights-2020-21.epub', 'human-rights-2020-21.ru.epub', 'human-rights-2020-21.kk.epub'])
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
});
