import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The Folio project's own folder (where package.json is). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The project's own templates folder, used unless a build names another. */
export const defaultTemplatesDir = path.join(projectRoot, 'templates');
