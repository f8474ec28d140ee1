import {execFile} from 'node:child_process';
import {once} from 'node:events';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startWorker} from '../src/system/start-worker.js';

const projectRoot = path.resolve(import.meta.dirname, '..');
const run = promisify(execFile);

describe('a worker thread started by Folio', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'folio-start-worker-'));
    // A compiled worker module (`.js` beside its caller, as in dist/) that says whether it has source maps.
    await writeFile(
      path.join(dir, 'probe.js'),
      "require('node:worker_threads').parentPort.postMessage(process.sourceMapsEnabled);\n"
    );
  });
  afterAll(() => rm(dir, {recursive: true, force: true}));

  it('has source maps when the thread that starts it has them, as `folio --debug` turns them on', async () => {
    const ask = async () => {
      const worker = startWorker(pathToFileURL(path.join(dir, 'caller.js')).href, 'probe');
      try {
        const [enabled] = (await once(worker, 'message')) as [boolean];
        return enabled;
      } finally {
        await worker.terminate();
      }
    };
    const before = process.sourceMapsEnabled;
    try {
      process.setSourceMapsEnabled(false);
      expect(await ask()).toBe(process.execArgv.includes('--enable-source-maps'));
      process.setSourceMapsEnabled(true);
      expect(await ask()).toBe(true);
    } finally {
      process.setSourceMapsEnabled(before);
    }
  });

  /** What a Node started with `flags`, with source maps on, says of the worker `name` it starts, one line per event. */
  async function eventsOf(flags: string[], name: string): Promise<string[]> {
    const script = [
      `import {startWorker} from ${JSON.stringify(path.join(projectRoot, 'src/system/start-worker.ts'))};`,
      'process.setSourceMapsEnabled(true);',
      `const worker = startWorker(${JSON.stringify(pathToFileURL(path.join(dir, 'caller.js')).href)}, '${name}');`,
      "worker.once('message', (enabled) => { console.log(`source maps: ${enabled}`); void worker.terminate(); });",
      "worker.once('error', (error) => console.log(`error: ${error.message}`));",
      "worker.once('exit', (code) => console.log(`exit: ${code}`));"
    ].join('\n');
    const args = [...flags, '--import', 'tsx', '--input-type=module', '-e', script];
    return (await run(process.execPath, args)).stdout.trim().split('\n');
  }

  it('starts under the V8 options a user may give Node, such as a larger heap', async () => {
    // Node refuses a worker given V8's options in `execArgv`: a worker must inherit them instead.
    // The probe ends by itself once it has answered (exit 0) unless `terminate` is first (exit 1).
    const [answer, exit] = await eventsOf(['--max-old-space-size=300'], 'probe');
    expect(answer).toBe('source maps: true');
    expect(exit).toMatch(/^exit: [01]$/);
  });

  it("keeps a worker's heap limit under a heap limit given to Node, and the user's limit for the rest", async () => {
    // V8 lets the flags override a worker's `resourceLimits` (nodejs/node#43991): a worker
    // bounded at 64 MiB reported 1282 MiB under `--max-old-space-size=1234`, before.
    await writeFile(
      path.join(dir, 'heap-limit.js'),
      "require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit / 2 ** 20);\n"
    );
    const caller = JSON.stringify(pathToFileURL(path.join(dir, 'caller.js')).href);
    const script = [
      `import {once} from 'node:events';`,
      `import {getHeapStatistics} from 'node:v8';`,
      `import {startWorker} from ${JSON.stringify(path.join(projectRoot, 'src/system/start-worker.ts'))};`,
      'const limit = async (worker) => { const [mb] = await once(worker, "message"); await worker.terminate(); return Math.round(mb); };',
      `const bounded = await Promise.all([1, 2].map(() => limit(startWorker(${caller}, 'heap-limit', {resourceLimits: {maxOldGenerationSizeMb: 64}}))));`,
      `const unbounded = await limit(startWorker(${caller}, 'heap-limit'));`,
      'console.log(JSON.stringify({bounded, unbounded, main: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20)}));'
    ].join('\n');
    const args = ['--import', 'tsx', '--input-type=module', '-e', script];
    const limits = async (flag: string, where: 'command line' | 'NODE_OPTIONS') => {
      const {stdout} = await run(process.execPath, where === 'command line' ? [flag, ...args] : args, {
        env: {...process.env, NODE_OPTIONS: where === 'NODE_OPTIONS' ? flag : ''}
      });
      return JSON.parse(stdout) as {bounded: number[]; unbounded: number; main: number};
    };
    // 1234 MiB is below V8's default on any machine with more than 2 GiB, so a flag left
    // cleared would show in the unbounded worker, which would get the default instead.
    for (const flag of ['--max-old-space-size=1234', '--max_old_space_size=1234', '--max-heap-size=1234'])
      // Node takes `--max-heap-size` on its command line only.
      for (const where of flag.includes('heap')
        ? (['command line'] as const)
        : (['command line', 'NODE_OPTIONS'] as const)) {
        const {bounded, unbounded, main} = await limits(flag, where);
        const how = `${flag} on the ${where}`;
        for (const mb of bounded) expect(mb, how).toBeLessThan(200); // 64 MiB of old space, and the young generation's share.
        expect(main, how).toBeGreaterThan(1000);
        expect(unbounded, how).toBe(main);
      }
    // A user's limit below the worker's own is kept.
    const {bounded} = await limits('--max-old-space-size=16', 'NODE_OPTIONS');
    expect(Math.max(...bounded)).toBeLessThan((await limits('--max-old-space-size=1234', 'NODE_OPTIONS')).bounded[0]!);
  }, 60_000);

  it('reports a module that fails to load as an error, whatever Node does with unhandled rejections', async () => {
    await writeFile(path.join(dir, 'broken.js'), "throw new Error('the module is broken');\n");
    expect(await eventsOf(['--unhandled-rejections=warn'], 'broken')).toEqual([
      'error: the module is broken',
      'exit: 1'
    ]);
  });
});
