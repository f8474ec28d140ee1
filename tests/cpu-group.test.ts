import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cpuGroupOf} from '../scripts/cpu-group.js';
import {watchProcessTree} from '../scripts/process-tree.js';

/** The benchmark's exact CPU accounting, where the machine lets it make a control group. */
describe('cpuGroupOf', () => {
  it('counts the CPU time of a process that left its parent, which sampling the tree cannot see', async (context) => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'folio-cpu-group-'));
    const done = path.join(scratch, 'done');
    // The shell starts Node in a subshell that exits at once: Node's parent becomes init, as
    // Chromium's crash handlers' does. Node burns 600 ms of CPU, then leaves a file to say so.
    const burn = `const s = process.cpuUsage(); while (true) { const u = process.cpuUsage(s); if (u.user + u.system >= 600000) break; } require("fs").writeFileSync(${JSON.stringify(done)}, "")`;
    const child = spawn('sh', ['-c', `sleep 0.2; ("${process.execPath}" -e '${burn}' &); sleep 0.1`], {
      stdio: 'ignore'
    });
    const group = cpuGroupOf(child.pid!, `folio-test-${process.pid}`);
    if (!group) {
      child.kill();
      rmSync(scratch, {recursive: true, force: true});
      // Only sampling is left on this machine, and the benchmark says so in its JSON line.
      context.skip();
      return;
    }
    try {
      const tree = watchProcessTree(child.pid!);
      await new Promise((resolve) => child.on('close', resolve));
      for (let waited = 0; !existsSync(done) && waited < 30000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(existsSync(done)).toBe(true);
      expect(group.usageMs()).toBeGreaterThanOrEqual(600);
      expect(group.usageMs()).toBeLessThan(2000);
      expect(tree.stop().cpuMs).toBeLessThan(200);
    } finally {
      group.remove();
      rmSync(scratch, {recursive: true, force: true});
    }
  });
});
