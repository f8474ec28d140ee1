// Bundles Folio's TypeScript (src/) into JavaScript in dist/ when the sources have changed since
// the last compile, so that `folio` starts without compiling TypeScript on every run, and loads a
// few dozen files instead of several hundred. Used by the bootstrap (npm run build / folio /
// bench) and by bin/folio.mjs; uses nothing but Node and esbuild (which tsx brings too), loaded
// only when a compile is needed: the bootstrap imports this file before npm has installed anything.
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.folio-compiled');
/** Held (as a folder, made atomically) by the one process compiling; it holds that process's id. */
const lockDir = path.join(root, 'dist.lock');

/**
 * The bundle's entry points: the command line, the build as a module (for scripts/bench-build.ts),
 * and the modules the worker threads run. Each lands at the top of dist/ under its own name, and
 * so do the chunks they share, so that a module finds what it finds beside it in src/ (a worker's
 * module, `startWorker`) or one folder up (the project root, `projectRoot`) in dist/ too.
 */
const entryPoints = ['src/cli.ts', 'src/build.ts', 'src/markdown/parse-worker.ts', 'src/charts/chart-worker.ts'];

/** The hash of everything the compiled output depends on: every file of src/, this script, the compiler settings and the lock file. */
function sourcesHash() {
  const hash = createHash('sha256');
  const files = readdirSync(path.join(root, 'src'), {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
  for (const file of [...files, 'scripts/compile.mjs', 'tsconfig.json', 'package-lock.json']) {
    const bytes = existsSync(path.join(root, file)) ? readFileSync(path.join(root, file)) : Buffer.alloc(0);
    hash.update(`${file}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex');
}

/** Whether dist/ holds the compiled form of the current sources. */
export function compiledIsCurrent() {
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourcesHash();
}

/**
 * Compile src/ into dist/ unless it is current; returns false (with the compiler's messages
 * printed) when compiling fails. Two commands started at once (two terminals, or CI steps side by
 * side) compile once: the second waits for the first, then finds dist/ current, rather than
 * rewriting files the first is already running.
 */
export function ensureCompiled(log = (message) => process.stderr.write(`folio: ${message}\n`)) {
  const wanted = sourcesHash();
  const current = () => existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted;
  if (current()) return true;
  return withCompileLock(log, () => {
    if (current()) return true; // Compiled by the command that held the lock.
    log('Compiling Folio (src/ changed since the last compile)…');
    // Made beside dist/ and put in its place whole, so that dist/ never holds two compiles' chunks.
    const staging = `${dist}.new-${process.pid}`;
    rmSync(staging, {recursive: true, force: true});
    try {
      bundle(staging);
    } catch {
      rmSync(staging, {recursive: true, force: true});
      return false; // esbuild has printed where.
    }
    writeFileSync(path.join(staging, '.folio-compiled'), wanted);
    const old = `${dist}.old-${process.pid}`;
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(staging, dist);
    rmSync(old, {recursive: true, force: true});
    return true;
  });
}

/** Bundle the entry points into `outdir` with esbuild: ES modules for Node 20, split into shared chunks, with source maps. */
function bundle(outdir) {
  const {buildSync} = createRequire(import.meta.url)('esbuild');
  buildSync({
    absWorkingDir: root,
    entryPoints,
    outdir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Puppeteer loads parts of itself by path at run time: it stays a package of node_modules.
    external: ['puppeteer-core'],
    // The CommonJS packages bundled in call `require` for Node's own modules: give every chunk one.
    banner: {
      js: "import {createRequire as folioRequire} from 'node:module'; const require = folioRequire(import.meta.url);"
    },
    sourcemap: 'linked',
    logLevel: 'error'
  });
}

/** Run `compile` holding `lockDir`, waiting (up to ten minutes) while another live process holds it. */
function withCompileLock(log, compile) {
  const deadline = Date.now() + 10 * 60_000;
  let said = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (lockIsStale()) {
      rmSync(lockDir, {recursive: true, force: true});
      continue;
    }
    if (Date.now() > deadline) {
      log(
        `Another command has been compiling Folio for ten minutes (it holds ${lockDir}); end it, or remove that folder.`
      );
      return false;
    }
    if (!said) log('Waiting for another command that is compiling Folio…');
    said = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  try {
    writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return compile();
  } finally {
    rmSync(lockDir, {recursive: true, force: true});
  }
}

/** The lock's holder has ended (or wrote no id, a minute ago or more): it will not release it. */
function lockIsStale() {
  let pid = NaN;
  try {
    pid = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
  } catch {
    // Not written yet, or by a process that died at once.
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    try {
      return Date.now() - statSync(lockDir).mtimeMs > 60_000;
    } catch {
      return false; // Released meanwhile: the next mkdir takes it.
    }
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code !== 'EPERM'; // EPERM: alive, under another user.
  }
}
