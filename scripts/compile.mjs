// Compiles Folio's TypeScript (src/) to JavaScript in dist/ when the sources have changed since
// the last compile, so that `folio` starts without compiling TypeScript on every run. Used by the
// bootstrap (npm run build / folio / bench) and by bin/folio.mjs; uses nothing but Node and the
// project's own TypeScript.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.folio-compiled');

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

/** Compile src/ into dist/ unless it is current; returns false (with the compiler's messages printed) when compiling fails. */
export function ensureCompiled(log = (message) => process.stderr.write(`folio: ${message}\n`)) {
  const wanted = sourcesHash();
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return true;
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
}
