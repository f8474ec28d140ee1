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
    expect(await eventsOf(['--max-old-space-size=300'], 'probe')).toEqual(['source maps: true', 'exit: 1']);
  });

  it('reports a module that fails to load as an error, whatever Node does with unhandled rejections', async () => {
    await writeFile(path.join(dir, 'broken.js'), "throw new Error('the module is broken');\n");
    expect(await eventsOf(['--unhandled-rejections=warn'], 'broken')).toEqual([
      'error: the module is broken',
      'exit: 1'
    ]);
  });
});
