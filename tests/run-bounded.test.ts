// `runBounded` runs a command (the `--version` probe of a Chromium that did not start) in a process
// group of its own, bounded, and kills the whole group: what a wrapper script started goes with it.
import {spawn} from 'node:child_process';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runBounded} from '../src/system/run-bounded.js';

const root = path.resolve(import.meta.dirname, '..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'folio-run-bounded-'));
});
afterAll(() => rm(dir, {recursive: true, force: true}));

/** A shell script in `dir` that writes its process id to `<name>.pid`, then runs `body`. */
async function script(name: string, body: string): Promise<{path: string; pid: () => Promise<number>}> {
  const file = path.join(dir, `${name}.sh`);
  await writeFile(file, `#!/bin/sh\necho $$ > '${file}.pid'\n${body}\n`);
  await chmod(file, 0o755);
  return {path: file, pid: async () => Number(await readFile(`${file}.pid`, 'utf8'))};
}

/** Whether any process is in process group `group` (a zombie counts as gone). */
async function groupAlive(group: number): Promise<boolean> {
  const {readdir} = await import('node:fs/promises');
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === group) return true;
  }
  return false;
}

describe('runBounded', () => {
  it('tells the exit code and what the command wrote to stderr', async () => {
    const failing = await script('fails', 'echo "libnss3.so: cannot open shared object file" >&2\nexit 127');
    const run = await runBounded(failing.path, ['--version'], 5000);
    expect(run).toMatchObject({code: 127, signal: null, timedOut: false});
    expect(run.stderr).toContain('libnss3.so');
  });

  it('kills the whole group at the bound, what the command started included', async () => {
    const hanging = await script('hangs', 'sleep 300 &\nwait');
    const started = Date.now();
    const run = await runBounded(hanging.path, [], 500);
    expect(run.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    // The script was the leader of its own group: its id is the group's.
    await sleep(100);
    expect(await groupAlive(await hanging.pid())).toBe(false);
  });

  it('ends soon after a command that exits leaving a process that holds its stderr, and kills that process', async () => {
    const leaving = await script('leaves', 'sleep 300 &\nexit 0');
    const started = Date.now();
    const run = await runBounded(leaving.path, [], 10_000);
    expect(run).toMatchObject({code: 0, timedOut: false});
    expect(Date.now() - started).toBeLessThan(3000);
    await sleep(100);
    expect(await groupAlive(await leaving.pid())).toBe(false);
  });

  it('does not wait past its bound for a process that left the group and holds its stderr', async () => {
    const escaping = await script(
      'escapes',
      `setsid sh -c 'echo $$ > "$0.escaped"; exec sleep 300' '${dir}/escapes' &\nsleep 300`
    );
    const started = Date.now();
    const run = await runBounded(escaping.path, [], 500);
    expect(run.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    process.kill(Number(await readFile(`${dir}/escapes.escaped`, 'utf8')), 'SIGKILL');
  });

  it('says why a command cannot start', async () => {
    const run = await runBounded(path.join(dir, 'no-such-program'), [], 5000);
    expect(run.error?.code).toBe('ENOENT');
  });

  // In a group of its own, the command no longer gets the terminal's Ctrl-C: Folio passes it on.
  it('kills the group when the process that runs it is interrupted, which then ends as interrupted', async () => {
    const hanging = await script('interrupted', 'sleep 300 &\nwait');
    const runner = path.join(dir, 'runner.mts');
    await writeFile(
      runner,
      `import {runBounded} from ${JSON.stringify(path.join(root, 'src/system/run-bounded.ts'))};\n` +
        `await runBounded(${JSON.stringify(hanging.path)}, [], 60_000);\n`
    );
    const child = spawn(process.execPath, ['--import', 'tsx', runner], {cwd: root, stdio: 'ignore'});
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Once the script has started (it writes its id first).
    let group = 0;
    for (let wait = 0; wait < 100 && !group; wait++) {
      await sleep(100);
      group = await hanging.pid().catch(() => 0);
    }
    expect(group).toBeGreaterThan(0);
    await sleep(200);
    child.kill('SIGINT');
    expect(await ended).toBe('SIGINT');
    await sleep(100);
    expect(await groupAlive(group)).toBe(false);
  });
});
