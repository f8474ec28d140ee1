import {stat} from 'node:fs/promises';
import path from 'node:path';
import {FolioError} from '../diagnostics/errors.js';
import {fileProblem} from '../diagnostics/file-errors.js';

/** The content folder cannot be used at all: there is no report to check, and nothing to point a message at. */
export class ContentFolderError extends FolioError {}

/**
 * Make sure `contentDir` is a folder that holds `report.yaml`, before anything reads it, so that
 * the first mistake a user makes (a wrong `--content`) gets one sentence that says what to do.
 */
export async function checkContentFolder(contentDir: string): Promise<void> {
  const fix = 'pass the folder that holds `report.yaml` with `--content DIR`, or start a report there with `folio init DIR`';
  let info;
  try {
    info = await stat(contentDir);
  } catch (error) {
    throw new ContentFolderError(`The content folder \`${contentDir}\` ${fileProblem(error)}; ${fix}`, {cause: error});
  }
  if (!info.isDirectory()) throw new ContentFolderError(`The content folder \`${contentDir}\` is a file, not a folder; ${fix}`);
  try {
    await stat(path.join(contentDir, 'report.yaml'));
  } catch (error) {
    const problem = fileProblem(error);
    if (problem !== 'does not exist') throw new ContentFolderError(`\`${path.join(contentDir, 'report.yaml')}\` ${problem}`, {cause: error});
    throw new ContentFolderError(`The content folder \`${contentDir}\` has no \`report.yaml\`; ${fix}`);
  }
}
