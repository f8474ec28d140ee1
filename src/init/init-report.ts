import {randomUUID} from 'node:crypto';
import {cp, mkdir, readdir, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {FolioError} from '../diagnostics/errors.js';
import {fileProblem} from '../diagnostics/file-errors.js';

/** `folio init` cannot start a report where it was asked to. */
export class InitError extends FolioError {}

/**
 * Start a new report in `dir` from the skeleton in `<templatesDir>/new-report`: a manifest with
 * its own identifier and today's date, a foreword, and a country chapter with two sections and a
 * figure, which checks and builds clean. `dir` must not exist yet, or be empty; the skeleton is
 * written next to it first and moved into place, so a failure leaves nothing half-written.
 * Returns the files written, relative to `dir`.
 */
export async function initReport(dir: string, templatesDir: string, today: Date): Promise<string[]> {
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new InitError(`Cannot start a report in \`${dir}\`: it ${fileProblem(error)}`, {cause: error});
  });
  if (existing && existing.length > 0)
    throw new InitError(`\`${dir}\` is not empty; name a new folder, such as \`folio init my-report\``);
  const staging = `${path.resolve(dir)}.folio-init-${process.pid}`;
  try {
    await cp(path.join(templatesDir, 'new-report'), staging, {recursive: true});
    const manifest = path.join(staging, 'report.yaml');
    const text = (await readFile(manifest, 'utf8'))
      .replace('{{ date }}', today.toISOString().slice(0, 10))
      .replace('{{ uuid }}', randomUUID());
    await writeFile(manifest, text);
    if (existing) await rm(dir, {recursive: true});
    await mkdir(path.dirname(path.resolve(dir)), {recursive: true});
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, {recursive: true, force: true});
    if (error instanceof FolioError) throw error;
    throw new InitError(`Cannot write the new report to \`${dir}\`: it ${fileProblem(error)}`, {cause: error});
  }
  const names = await readdir(dir, {recursive: true});
  const files = await Promise.all(
    names.map(async (name) => ((await stat(path.join(dir, name))).isFile() ? name : undefined))
  );
  return files.filter((name): name is string => name !== undefined).sort();
}
