// Plain JavaScript so that scripts/bootstrap.mjs can use it before any dependency is installed.
import {accessSync, constants} from 'node:fs';

/** Places where a Chromium or Chrome binary is looked for, after `FOLIO_CHROMIUM`. */
export const chromiumCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium'
];

/**
 * Find an executable Chromium: `FOLIO_CHROMIUM`, then `PUPPETEER_EXECUTABLE_PATH`, then the usual paths.
 * @returns {string | undefined}
 */
export function findChromium(env = process.env) {
  const explicit = env.FOLIO_CHROMIUM || env.PUPPETEER_EXECUTABLE_PATH;
  if (explicit) return explicit;
  return chromiumCandidates.find((candidate) => isExecutable(candidate));
}

/**
 * Whether `file` exists and may be run.
 * @param {string} file
 */
export function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false; // Not there or not runnable: try the next candidate.
  }
}
