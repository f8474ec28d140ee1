// Bundles Folio's TypeScript (src/) into JavaScript when the sources have changed since the last
// compile, so that `folio` starts without compiling TypeScript on every run, and loads a few
// dozen files instead of several hundred. Used by the bootstrap (npm run build / folio / bench)
// and by bin/folio.mjs; uses nothing but Node and esbuild (which tsx brings too), loaded only when
// a compile is needed: the bootstrap imports this file before npm has installed anything.
//
// Each compile is a folder of its own, `dist.<hash>/`, and `dist` is a link to the current one,
// switched in one rename: a command keeps running the folder it started from (Node resolves the
// link when it loads a module), so a `folio build --watch` still finds the chunks it has not
// loaded yet when another command compiles. The last three compiles are kept.
import {createHash, randomBytes} from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const projectRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The bundle's entry points: the command line, the build as a module (for scripts/bench-build.ts),
 * and the modules the worker threads run. Each lands at the top of the compile's folder under its
 * own name, and so do the chunks they share, so that a module finds what it finds beside it in
 * src/ (a worker's module, `startWorker`) or one folder up (the project root, `projectRoot`) there too.
 */
const entryPoints = ['src/cli.ts', 'src/build.ts', 'src/markdown/parse-worker.ts', 'src/charts/chart-worker.ts'];

/** Compiles kept besides the current one, for commands still running an earlier one. */
const keptCompiles = 2;

/** A lock older than this is taken over whoever holds it: a compile takes seconds, and a pid may be reused. */
const staleLockMs = 5 * 60_000;

/** Where a project's compile lives: `root` is the project (the one this script is in, unless a test says otherwise). */
function layout(root = projectRoot) {
  return {
    root,
    dist: path.join(root, 'dist'),
    /** Held (as a folder put in place in one rename, with its holder's token inside) by the one process compiling. */
    lock: path.join(root, 'dist.lock')
  };
}

/** The hash of everything the compiled output depends on: every file of src/, this script, the compiler settings and the lock file. */
function sourcesHash(root) {
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

/** The hash the compile in `folder` was made from, or undefined (none yet, or `dist` being switched). */
function stampOf(folder) {
  try {
    return readFileSync(path.join(folder, '.folio-compiled'), 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether `dist` holds the compiled form of the current sources. */
export function compiledIsCurrent({root} = {}) {
  const paths = layout(root);
  return stampOf(paths.dist) === sourcesHash(paths.root);
}

/**
 * Compile src/ unless `dist` is current; returns false (with the compiler's messages printed)
 * when compiling fails. Two commands started at once (two terminals, or CI steps side by side)
 * compile once: the second waits for the first, then finds `dist` current.
 */
export function ensureCompiled(log = (message) => process.stderr.write(`folio: ${message}\n`), {root} = {}) {
  const paths = layout(root);
  const wanted = sourcesHash(paths.root);
  if (stampOf(paths.dist) === wanted) return true;
  return withCompileLock(paths, log, () => {
    if (stampOf(paths.dist) === wanted) return true; // Compiled by the command that held the lock.
    removeLeftovers(paths);
    const folder = `${paths.dist}.${wanted.slice(0, 16)}`;
    // Sources back as they were for a compile still kept (an edit undone): that compile is current again.
    if (stampOf(folder) === wanted) {
      pointDistAt(paths, folder);
      return true;
    }
    log('Compiling Folio (src/ changed since the last compile)…');
    const staging = `${paths.dist}.new-${token()}`;
    try {
      bundle(paths.root, staging);
    } catch (error) {
      rmSync(staging, {recursive: true, force: true});
      // esbuild has printed where; anything else (a missing esbuild, a full disk) is said here.
      if (!Array.isArray(error?.errors)) log(`Could not compile Folio: ${error?.message ?? error}`);
      return false;
    }
    writeFileSync(path.join(staging, '.folio-compiled'), wanted);
    rmSync(folder, {recursive: true, force: true}); // Holding this name without the stamp, it is no compile of these sources.
    renameSync(staging, folder);
    pointDistAt(paths, folder);
    pruneCompiles(paths, folder);
    return true;
  });
}

/** Bundle the entry points into `outdir` with esbuild: ES modules for Node 20, split into shared chunks, with source maps. */
function bundle(root, outdir) {
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

/** Make `dist` a link to `folder`, in one rename (a `dist` folder of an earlier layout is moved away first). */
function pointDistAt(paths, folder) {
  const existing = lstatOrUndefined(paths.dist);
  if (existing && !existing.isSymbolicLink()) {
    const old = `${paths.dist}.old-${token()}`;
    renameSync(paths.dist, old);
    rmSync(old, {recursive: true, force: true});
  }
  const link = `${paths.dist}.link-${token()}`;
  symlinkSync(path.basename(folder), link);
  renameSync(link, paths.dist);
}

/** Remove all but the newest `keptCompiles` compiles besides `current`. */
function pruneCompiles(paths, current) {
  const compiles = readdirSync(paths.root)
    .filter((name) => /^dist\.[0-9a-f]{16}$/.test(name) && name !== path.basename(current))
    .map((name) => ({name, time: statSync(path.join(paths.root, name)).mtimeMs}))
    .sort((a, b) => b.time - a.time);
  for (const {name} of compiles.slice(keptCompiles))
    rmSync(path.join(paths.root, name), {recursive: true, force: true});
}

/** What compiles cut short (a crash, Ctrl-C) left behind; run holding the lock, so none of it is in use (other commands' lock drafts are theirs). */
function removeLeftovers(paths) {
  for (const name of readdirSync(paths.root))
    if (/^dist\.(new|old|link)-/.test(name)) rmSync(path.join(paths.root, name), {recursive: true, force: true});
}

/** Run `compile` holding the lock, waiting (up to ten minutes) while another live process holds it. */
function withCompileLock(paths, log, compile) {
  const mine = token();
  const deadline = Date.now() + 10 * 60_000;
  let said = false;
  while (!takeLock(paths, mine)) {
    if (lockIsStale(paths)) {
      // Only one waiter moves the stale lock away; the others find it gone and try again.
      try {
        const moved = `${paths.lock}-stale-${token()}`;
        renameSync(paths.lock, moved);
        rmSync(moved, {recursive: true, force: true});
      } catch {
        // Taken over, or released, by another command meanwhile.
      }
      continue;
    }
    if (Date.now() > deadline) {
      log(
        `Another command has been compiling Folio for ten minutes (it holds ${paths.lock}); end it, or remove that folder.`
      );
      return false;
    }
    if (!said) log('Waiting for another command that is compiling Folio…');
    said = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  try {
    return compile();
  } finally {
    // Released only if it is still ours (a lock taken over as stale is no longer).
    if (lockHolder(paths) === mine) rmSync(paths.lock, {recursive: true, force: true});
  }
}

/** Put a lock folder holding `mine` in place, in one rename; false when another holds it. */
function takeLock(paths, mine) {
  const draft = `${paths.lock}-${mine}`;
  mkdirSync(draft, {recursive: true});
  writeFileSync(path.join(draft, 'holder'), mine);
  try {
    renameSync(draft, paths.lock);
    return true;
  } catch (error) {
    rmSync(draft, {recursive: true, force: true});
    if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') return false;
    throw error;
  }
}

/** The token (`<pid>-<random>`) of the lock's holder, or undefined. */
function lockHolder(paths) {
  try {
    return readFileSync(path.join(paths.lock, 'holder'), 'utf8');
  } catch {
    return undefined;
  }
}

/** The lock's holder has ended, or has held it for longer than a compile takes: it will not release it. */
function lockIsStale(paths) {
  const since = lstatOrUndefined(paths.lock)?.mtimeMs;
  if (since === undefined) return false; // Released meanwhile: the next try takes it.
  const holder = lockHolder(paths);
  // A lock is put in place with its holder's token inside: one without is being removed, or an older layout's.
  if (holder === undefined || Date.now() - since > staleLockMs) return true;
  try {
    process.kill(Number(holder.split('-')[0]), 0);
    return false;
  } catch (error) {
    return error.code !== 'EPERM'; // EPERM: alive, under another user.
  }
}

function lstatOrUndefined(file) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/** This process and a random part: unique even where pids repeat (containers sharing a checkout). */
function token() {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}
