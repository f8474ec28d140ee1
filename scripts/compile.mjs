// Compiles Folio's TypeScript (src/) to JavaScript in dist/ when the sources have changed since
// the last compile, so that `folio` starts without compiling TypeScript on every run. Used by the
// bootstrap (npm run build / folio / bench) and by bin/folio.mjs; uses nothing but Node and the
// project's own TypeScript.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.folio-compiled');
/** Held (as a folder, made atomically) by the one process compiling; it holds that process's id. */
const lockDir = path.join(root, 'dist.lock');

/** The hash of everything the compiled output depends on: every file of src/, the compiler settings and the lock file. */
function sourcesHash() {
  const hash = createHash('sha256');
  const files = readdirSync(path.join(root, 'src'), {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
  for (const file of [...files, 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) {
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
    rmSync(stampFile, {force: true});
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: 'inherit'
    });
    if (result.status !== 0) return false;
    // Plain JavaScript modules of src/ (with their own declarations) are not emitted by tsc: copied as they are.
    for (const entry of readdirSync(path.join(root, 'src'), {recursive: true, withFileTypes: true})) {
      if (!entry.isFile() || !entry.name.endsWith('.mjs')) continue;
      const from = path.join(entry.parentPath, entry.name);
      const to = path.join(dist, path.relative(path.join(root, 'src'), from));
      mkdirSync(path.dirname(to), {recursive: true});
      copyFileSync(from, to);
    }
    writeFileSync(stampFile, wanted);
    return true;
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
