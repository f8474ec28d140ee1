import {once} from 'node:events';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startWorker} from '../src/system/start-worker.js';

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
});
