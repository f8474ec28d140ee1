import {execFile, spawn} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {EventEmitter} from 'node:events';
import {readFileSync} from 'node:fs';
import {chmod, cp, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir, userInfo} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// Every run is the real command line in a child process: the timeouts are read once, when the
// browser module loads, and a crash or hang has to be watched from outside the build.
const root = path.resolve(import.meta.dirname, '..');
const fixture = path.join(root, 'tests/fixtures/three-chapters');
const realChromium = '/usr/bin/chromium';
const tsxCache = `tsx-${userInfo().uid}`;
/** The environment of every child, taken before the in-process test below changes this one. */
const baseEnv = {...process.env};

type Snapshot = Map<string, {bytes: Buffer; mtimeMs: number}>;

let work: string;
/** The output folder of the last good build, copied into each scenario. */
let goodOut: string;
let good: Snapshot;

interface Run {
  code: number | null;
  stderr: string;
  /** The child's own TMPDIR: Chromium's profile lives there, so its path marks every process of that browser. */
  tmp: string;
}

/** Run `folio build` (all three formats) with `env` added; `onStderr` sees the text so far. */
async function runFolio(
  content: string,
  out: string,
  env: Record<string, string>,
  {onStderr, formats = 'pdf,epub,briefs'}: {onStderr?: (text: string) => void; formats?: string} = {}
): Promise<Run> {
  const tmp = await mkdtemp(path.join(work, 'tmp-'));
  // tsx keeps its compile cache in TMPDIR; sharing the usual one keeps the child fast. On a fresh
  // machine it does not exist yet, and tsx cannot create its cache through a dangling link.
  await mkdir(path.join(tmpdir(), tsxCache), {recursive: true});
  await symlink(path.join(tmpdir(), tsxCache), path.join(tmp, tsxCache));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'build', '--content', content, '--out', out, '--format', formats],
    {
      cwd: root,
      env: {...baseEnv, TMPDIR: tmp, ...env},
      stdio: ['ignore', 'ignore', 'pipe']
    }
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    onStderr?.(stderr);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  return {code, stderr, tmp};
}

/** A stand-in for Chromium: a shell script that writes its process group id, then runs `body`. */
async function fakeChromium(name: string, body: string): Promise<{script: string; pgidFile: string}> {
  const dir = path.join(work, `${name}-${randomUUID()}`);
  await mkdir(dir);
  const script = path.join(dir, 'chromium.sh');
  const pgidFile = path.join(dir, 'pgid');
  // Puppeteer starts the browser as the leader of a new process group, so `$$` is the group id.
  await writeFile(script, `#!/bin/sh\necho $$ > '${pgidFile}'\n${body}\n`);
  await chmod(script, 0o755);
  return {script, pgidFile};
}

/** The real Chromium behind a wrapper that records its process group. */
const wrappedChromium = () => fakeChromium('chromium', `exec ${realChromium} "$@"`);

/** Whether process `pid` still runs: a zombie has exited and only waits for init to reap it. */
function running(pid: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false; // Gone between pgrep and here.
  }
}

/** Running processes whose command line contains `marker` or that are in process group `pgid`. */
async function processes(marker: string, pgid?: number): Promise<string[]> {
  const found: string[] = [];
  for (const args of [['-f', marker], ...(pgid ? [['-g', String(pgid)]] : [])]) {
    const {stdout} = await promisify(execFile)('pgrep', args).catch((error: {code?: number}) => {
      if (error.code === 1) return {stdout: ''}; // pgrep's "nothing matched".
      throw error;
    });
    found.push(...stdout.split('\n').filter((pid) => pid && running(pid)));
  }
  return found;
}

/** What still runs of a browser after a build, allowing its processes `waitMs` to finish exiting. */
async function leftoverProcesses(marker: string, pgidFile?: string, waitMs = 5000): Promise<string[]> {
  const pgid = pgidFile ? Number(await readFile(pgidFile, 'utf8').catch(() => '')) || undefined : undefined;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const left = await processes(marker, pgid);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every file under `dir` (dot folders too), by path relative to it. */
async function snapshot(dir: string): Promise<Snapshot> {
  const files: Snapshot = new Map();
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), {bytes: await readFile(file), mtimeMs: (await stat(file)).mtimeMs});
  }
  return files;
}

/** The parse cache may take in the edited file's tree even when the build fails; it is no output. */
// The parse, chart and cover caches: kept or renewed by any build, failed or not; never an output.
const isCache = (file: string) =>
  ['mdast', 'charts', 'covers'].some((folder) => file.startsWith(path.join('.folio-cache', folder) + path.sep));
const outputsOf = (files: Snapshot) => [...files.keys()].filter((file) => !isCache(file)).sort();

/**
 * A scenario's own copy of the fixture, edited so that the cache cannot skip the build, and
 * its own copy of the good build's output folder. Returns a check that the folder is exactly
 * as it was (bytes and modification times) and holds no temporary file.
 */
async function scenario(name: string, edit: string) {
  const dir = path.join(work, name);
  const content = path.join(dir, 'content');
  const out = path.join(dir, 'out');
  await cp(fixture, content, {recursive: true});
  await writeFile(
    path.join(content, 'gammaland.md'),
    `${await readFile(path.join(fixture, 'gammaland.md'), 'utf8')}\n${edit}\n`
  );
  await cp(goodOut, out, {recursive: true, preserveTimestamps: true});
  const before = await snapshot(out);
  for (const file of outputsOf(good)) expect(before.get(file)?.bytes.equals(good.get(file)!.bytes), file).toBe(true);
  const expectOutputsUntouched = async () => {
    const after = await snapshot(out);
    expect([...after.keys()].filter((file) => file.endsWith('.tmp'))).toEqual([]);
    expect(outputsOf(after)).toEqual(outputsOf(good));
    for (const file of outputsOf(good)) {
      expect(after.get(file)!.bytes.equals(good.get(file)!.bytes), `${file} changed`).toBe(true);
      expect(after.get(file)!.mtimeMs, `${file} was rewritten`).toBe(before.get(file)!.mtimeMs);
    }
  };
  return {content, out, expectOutputsUntouched};
}

/**
 * The child left nothing in its TMPDIR but the link to tsx's cache: no browser profile, no
 * scratch folder of a Chromium that did not exit cleanly, no temporary file.
 */
async function expectNoTemporaryFiles(run: Run): Promise<void> {
  expect(await readdir(run.tmp)).toEqual([tsxCache]);
}

/** A failure a user can act on: exit code 1, the message, and no stack trace. */
function expectCleanFailure(run: Run, message: RegExp): void {
  expect(run.code, run.stderr).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toContain('unexpected failure');
}

/**
 * Kill the browser's main process, as a crash would; its helpers (zygotes, renderers, services)
 * outlive it for a moment and may still write into the profile.
 */
function crash(pgidFile: string): void {
  process.kill(Number(readFileSync(pgidFile, 'utf8')), 'SIGKILL');
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'folio-hostile-chromium-'));
  const content = path.join(work, 'good-content');
  goodOut = path.join(work, 'good-out');
  await cp(fixture, content, {recursive: true});
  const chromium = await wrappedChromium();
  const run = await runFolio(content, goodOut, {FOLIO_CHROMIUM: chromium.script});
  expect(run.code, run.stderr).toBe(0);
  good = await snapshot(goodOut);
  expect(outputsOf(good)).toEqual([
    '.folio-cache/build.json',
    'briefs/alphaland.pdf',
    'briefs/betaland.pdf',
    'briefs/gammaland.pdf',
    'fixture-rights-review.epub',
    'fixture-rights-review.pdf'
  ]);
  expect(await leftoverProcesses(run.tmp, chromium.pgidFile)).toEqual([]);
  await expectNoTemporaryFiles(run);
});

afterAll(async () => {
  if (work) await rm(work, {recursive: true, force: true});
});

// Each scenario has its own folders, so they run side by side; most of their time is Node starting up.
describe.concurrent('a failed build names its stage, closes the browser and loses no work', () => {
  it('FOLIO_CHROMIUM naming nothing: says no Chromium was found and how to get one', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'nonexistent',
      'Edited before a build with no browser.'
    );
    const run = await runFolio(content, out, {FOLIO_CHROMIUM: '/nonexistent'});
    expectCleanFailure(run, /folio: browser: No Chromium found at `\/nonexistent`/);
    expect(run.stderr).toMatch(/apt-get install chromium/);
    expect(run.stderr).toMatch(/set FOLIO_CHROMIUM/);
    await expectOutputsUntouched();
    await expectNoTemporaryFiles(run);
  });

  it('a Chromium that exits at once: names it and says to check it', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'exits',
      'Edited before a build whose browser exits at once.'
    );
    const chromium = await fakeChromium('exits', 'exit 3');
    const run = await runFolio(content, out, {FOLIO_CHROMIUM: chromium.script});
    expectCleanFailure(
      run,
      /folio: browser: Chromium at `.*chromium\.sh` did not start: .*`--version` exits with code 3/
    );
    expect(run.stderr).toMatch(/Check that it runs .*--version.* or set FOLIO_CHROMIUM/);
    await expectOutputsUntouched();
    expect(await leftoverProcesses(chromium.script, chromium.pgidFile)).toEqual([]);
    await expectNoTemporaryFiles(run);
  });

  // A wrapper script that does not `exec` its browser is killed alone if only its own process is;
  // what it started lives on. (Before: the probe's `sleep` outlived the build.)
  it('a Chromium whose `--version` hangs too: the probe is bounded, and what it started is killed with it', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'version-hangs',
      'Edited before a build whose browser exits at once, and whose version never comes.'
    );
    // The probe's child names the script in its command line, so that it is found if left behind.
    const chromium = await fakeChromium(
      'version-hangs',
      `case "$*" in --version) sh -c 'sleep 300; :' "$0-probe" & wait ;; esac\nexit 3`
    );
    const run = await runFolio(content, out, {FOLIO_CHROMIUM: chromium.script, FOLIO_LAUNCH_TIMEOUT_MS: '2000'});
    expectCleanFailure(
      run,
      /folio: browser: Chromium at `.*chromium\.sh` did not start: .*`--version` did not finish within 2 s/
    );
    await expectOutputsUntouched();
    // The probe, which wrote its id last, leads its own group: nothing of that group is left.
    expect(await leftoverProcesses(chromium.script, chromium.pgidFile)).toEqual([]);
    await expectNoTemporaryFiles(run);
  });

  it('a Chromium that hangs at start: times out, and the hung process is killed', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'hangs',
      'Edited before a build whose browser hangs.'
    );
    // The loop keeps the script itself running, so its path stays in the process list until it is killed.
    const chromium = await fakeChromium('hangs', 'while :; do sleep 1; done');
    const run = await runFolio(content, out, {FOLIO_CHROMIUM: chromium.script, FOLIO_LAUNCH_TIMEOUT_MS: '3000'});
    expectCleanFailure(run, /folio: browser: Chromium at `.*` did not start: Timed out after 3000 ms/);
    expect(run.stderr).toMatch(/or set FOLIO_CHROMIUM/);
    await expectOutputsUntouched();
    expect(await leftoverProcesses(chromium.script, chromium.pgidFile)).toEqual([]);
    expect(await leftoverProcesses(run.tmp)).toEqual([]);
    await expectNoTemporaryFiles(run);
  });

  // Every page Folio loads is bounded by FOLIO_PRINT_TIMEOUT_MS: the report's print and the EPUB's cover photograph.
  for (const [format, stage, doing, what] of [
    ['pdf', 'print', 'print', 'a print'],
    ['epub', 'epub', 'photograph the EPUB cover', 'a cover photograph']
  ] as const) {
    it(`${what} that times out (--format ${format}): names the stage and the setting to raise`, async () => {
      const {content, out, expectOutputsUntouched} = await scenario(
        `${format}-timeout`,
        `Edited before a build whose ${format} times out.`
      );
      const chromium = await wrappedChromium();
      const run = await runFolio(
        content,
        out,
        {FOLIO_CHROMIUM: chromium.script, FOLIO_PRINT_TIMEOUT_MS: '1'},
        {formats: format}
      );
      expectCleanFailure(run, new RegExp(`folio: ${stage}: Chromium took longer than 1 ms to ${doing}`));
      expect(run.stderr).toMatch(/^folio: browser \(/m); // It did start: the failure is the page's.
      expect(run.stderr).toMatch(/Set FOLIO_PRINT_TIMEOUT_MS higher/);
      await expectOutputsUntouched();
      expect(await leftoverProcesses(run.tmp, chromium.pgidFile)).toEqual([]);
      await expectNoTemporaryFiles(run);
    });
  }

  it('content with an error: points at the file, line and column, and writes nothing', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'broken-link',
      'See [a section that is not there](#no-such-section).'
    );
    const chromium = await wrappedChromium();
    const run = await runFolio(content, out, {FOLIO_CHROMIUM: chromium.script});
    expectCleanFailure(run, /gammaland\.md:\d+:\d+: error: .*`#no-such-section`.*\[link-missing\]/);
    expect(run.stderr).toMatch(/nothing was written/);
    // No browser stage: nothing was printed. (Chromium itself starts with a print build, before
    // the content is checked, and is closed when the check fails: see build.ts.)
    expect(run.stderr).not.toMatch(/^folio: browser/m);
    await expectOutputsUntouched();
    expect(await leftoverProcesses(run.tmp, chromium.pgidFile)).toEqual([]);
    await expectNoTemporaryFiles(run);
  });

  it('a Chromium that crashes while printing the report: a print failure, outputs untouched', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'crash-in-print',
      'Edited before a build whose browser crashes in the print.'
    );
    const chromium = await wrappedChromium();
    let killed = false;
    // The report's print starts as soon as the browser is up.
    const run = await runFolio(
      content,
      out,
      {FOLIO_CHROMIUM: chromium.script},
      {
        onStderr: (text) => {
          if (killed || !/^folio: browser \(/m.test(text)) return;
          killed = true;
          crash(chromium.pgidFile);
        }
      }
    );
    expect(killed).toBe(true);
    expectCleanFailure(run, /folio: (print|browser): Chromium .*run the build again/);
    expect(run.stderr).not.toMatch(/^folio: pdf \d+ pages/m);
    await expectOutputsUntouched();
    // The crashed browser's helpers are gone too (Folio ends its process group before removing the profile).
    expect(await leftoverProcesses(run.tmp, chromium.pgidFile, 1000)).toEqual([]);
    await expectNoTemporaryFiles(run);
  });

  it('a Chromium that crashes after the report is printed: the printed PDF is not written either', async () => {
    const {content, out, expectOutputsUntouched} = await scenario(
      'crash-after-pdf',
      'Edited before a build whose browser crashes after the PDF.'
    );
    const chromium = await wrappedChromium();
    let killed = false;
    // One output after another (side by side, the briefs could all be printed before the PDF is):
    // once the PDF is done, the briefs still need the browser.
    const run = await runFolio(
      content,
      out,
      {FOLIO_CHROMIUM: chromium.script, FOLIO_LANES: '1'},
      {
        onStderr: (text) => {
          if (killed || !/^folio: pdf \d+ pages/m.test(text)) return;
          killed = true;
          crash(chromium.pgidFile);
        }
      }
    );
    expect(killed).toBe(true);
    expectCleanFailure(run, /folio: (brief \S+: )?(print|browser): Chromium .*run the build again/);
    await expectOutputsUntouched();
    expect(await leftoverProcesses(run.tmp, chromium.pgidFile, 1000)).toEqual([]);
    await expectNoTemporaryFiles(run);
  });

  it('launchBrowser kills a Chromium that hangs at start as soon as it gives up on it', async () => {
    // In this process, unlike the CLI runs: Puppeteer alone would leave the script running 5 s more.
    const chromium = await fakeChromium('hangs-in-process', 'while :; do sleep 1; done');
    process.env.FOLIO_LAUNCH_TIMEOUT_MS = '1500'; // Read once, when the module loads.
    const {launchBrowser} = await import('../src/browser/browser.js');
    process.env.FOLIO_CHROMIUM = chromium.script;
    const tmp = await mkdtemp(path.join(work, 'tmp-in-process-'));
    process.env.TMPDIR = tmp; // Where the browser's profile goes.
    const launched = launchBrowser(); // Reads FOLIO_CHROMIUM and TMPDIR before its first await.
    for (const name of ['FOLIO_CHROMIUM', 'FOLIO_LAUNCH_TIMEOUT_MS', 'TMPDIR']) {
      if (baseEnv[name] === undefined) delete process.env[name];
      else process.env[name] = baseEnv[name];
    }
    await expect(launched).rejects.toThrow(/^browser: Chromium at `.*` did not start: Timed out after 1500 ms/);
    expect(await leftoverProcesses(chromium.script, chromium.pgidFile, 1000)).toEqual([]);
    expect(await readdir(tmp)).toEqual([]); // Its profile is gone too.
  });

  // After the test above: it sets the launch timeout before browser.js is first loaded.
  it('withinTime gives up on what hangs with a TimeoutError, which the cover maps to its stage and setting', async () => {
    const {chromiumTimeout, withinTime} = await import('../src/browser/browser.js');
    expect(await withinTime(Promise.resolve('done'), 1000, 'finishing')).toBe('done');
    const hung = withinTime(new Promise(() => undefined), 20, 'photographing the cover');
    await expect(hung).rejects.toMatchObject({name: 'TimeoutError', message: /after 20 ms photographing the cover/});
    const error = await hung.catch((reason: unknown) => reason);
    expect(chromiumTimeout(error, 'epub', 'photograph the EPUB cover')?.message).toMatch(
      /^epub: Chromium took longer than \d+ ms to photograph the EPUB cover .*FOLIO_PRINT_TIMEOUT_MS/
    );
  });

  it('opening a page fails at once when the browser dies before announcing the new tab', async () => {
    // Puppeteer's own `newPage` would wait 30 s for it (seen after a crash at the wrong moment).
    const {newPage} = await import('../src/browser/browser.js');
    const events = new EventEmitter();
    const dying = {
      connected: true,
      newPage: () => new Promise<never>(() => undefined),
      on: events.on.bind(events),
      off: events.off.bind(events)
    };
    const opening = newPage(dying as never);
    setTimeout(() => events.emit('disconnected'), 50);
    await expect(opening).rejects.toThrow(/closed the connection while a page was being opened/);
    expect(events.listenerCount('disconnected')).toBe(0);
    await expect(newPage({...dying, connected: false} as never)).rejects.toThrow(/closed the connection/);
  }, 5000);
});
