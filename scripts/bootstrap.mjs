#!/usr/bin/env node
// Entry point of `npm run build`, `npm test`, `npm run folio` and `npm run bench`.
// It uses nothing but Node itself, because its first job is to install everything else:
// the npm dependencies (when node_modules is missing or older than package-lock.json)
// and the Debian packages a command needs (Chromium to print; Java's EPUBCheck,
// poppler-utils and qpdf to test). Then it hands over to the real command.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {debugRequested} from '../src/system/debug-requested.mjs';
import {findChromium} from '../src/system/find-chromium.mjs';
import {ensureCompiled} from './compile.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [mode, ...rest] = process.argv.slice(2);

/** What each mode needs from the system: a command to look for, and the Debian package that brings it. */
const chromium = {name: 'Chromium', found: () => Boolean(findChromium()), debian: 'chromium'};
const testTools = [
  chromium,
  {name: 'EPUBCheck', found: () => existsSync('/usr/share/java/epubcheck.jar') && onPath('java'), debian: 'epubcheck'},
  {name: 'pdftotext (poppler-utils)', found: () => onPath('pdftotext') && onPath('pdfinfo'), debian: 'poppler-utils'},
  {name: 'qpdf', found: () => onPath('qpdf'), debian: 'qpdf'}
];

main();

function main() {
  ensureNpmDependencies();
  if (mode === 'test') {
    ensureSystemTools(testTools);
    // Formatting and lint first: they take seconds, and say at once what a reviewer would.
    run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
    run('npx', ['eslint', '.']);
    run('npx', ['tsc', '--noEmit']);
    run('npx', ['vitest', 'run', ...rest]);
  } else if (mode === 'bench') {
    ensureSystemTools([chromium]);
    // Pandoc is the EPUB's yardstick: installed when it can be (as root), else that comparison is skipped.
    if (!onPath('pandoc') && process.getuid?.() === 0)
      ensureSystemTools([{name: 'Pandoc', found: () => onPath('pandoc'), debian: 'pandoc'}]);
    // The EPUB comparison runs the `folio` command as a user does: compiled.
    if (!ensureCompiled(log)) fail('Folio did not compile; the messages above say where.');
    run(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/bench.ts'), ...rest]);
  } else if (mode === 'run') {
    // Only `build` prints (the EPUB's cover image too); `check`, `init` and `--help` need no browser.
    if (rest[0] === 'build') ensureSystemTools([chromium]);
    // Compiled JavaScript (dist/, made again when src/ changes) starts in a fraction of tsx's time.
    if (!ensureCompiled(log)) fail('Folio did not compile; the messages above say where.');
    // With --debug, stack traces name the lines of src/ (dist/ is bundled, with source maps).
    run(process.execPath, [
      ...(debugRequested(rest) ? ['--enable-source-maps'] : []),
      path.join(root, 'dist/cli.js'),
      ...rest
    ]);
  } else {
    fail(`Unknown bootstrap mode \`${mode}\`; use \`run\`, \`test\` or \`bench\`.`);
  }
}

function ensureNpmDependencies() {
  const lockFile = path.join(root, 'package-lock.json');
  const stamp = path.join(root, 'node_modules', '.folio-installed');
  const lockHash = createHash('sha256')
    .update(readFileSync(path.join(root, 'package.json')))
    .update(existsSync(lockFile) ? readFileSync(lockFile) : '')
    .digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash) return;
  log('Installing npm dependencies (first run, or package-lock.json changed)…');
  // Puppeteer must never try to download a browser: Folio drives the system's Chromium.
  const env = {...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true'};
  const install = ['install', '--no-audit', '--no-fund'];
  if (!existsSync(lockFile)) {
    run('npm', install, {env});
  } else if (spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {cwd: root, stdio: 'inherit', env}).status !== 0) {
    // `npm ci` refuses a lock file that does not match package.json (or that this npm reads
    // differently). On a developer's machine `npm install` still honours the locked versions; in
    // CI it could rewrite the lock file and test something nobody committed, so CI stops instead.
    if (process.env.CI)
      fail(
        '`npm ci` failed: package-lock.json does not match package.json. Run `npm install` locally and commit package-lock.json'
      );
    log('`npm ci` failed; trying `npm install`, which may update package-lock.json…');
    run('npm', install, {env});
  }
  writeFileSync(stamp, lockHash);
}

function ensureSystemTools(tools) {
  const missing = tools.filter((tool) => !tool.found());
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debian);
  const names = missing.map((tool) => tool.name).join(', ');
  const canApt = process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get');
  if (!canApt) {
    fail(
      `${names} not found. Install ${packages.length === 1 ? 'it' : 'them'} with\n` +
        `  sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}\n` +
        'then run the command again. A Chromium elsewhere can be named with FOLIO_CHROMIUM=/path/to/chromium.'
    );
  }
  log(`${names} not found; installing Debian package${packages.length === 1 ? '' : 's'} ${packages.join(', ')}…`);
  const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
  run('apt-get', ['update', '-q'], {env});
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], {env});
  const still = missing.filter((tool) => !tool.found());
  if (still.length > 0) fail(`${still.map((tool) => tool.name).join(', ')} still not found after apt-get install.`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], {stdio: 'ignore'}).status === 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {cwd: root, stdio: 'inherit', ...options});
  if (result.error) fail(`Could not run \`${command}\`: ${result.error.message}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function log(message) {
  process.stderr.write(`folio: ${message}\n`);
}

function fail(message) {
  log(message);
  process.exit(1);
}
