/** Places where a Chromium or Chrome binary is looked for, after `FOLIO_CHROMIUM`. */
export const chromiumCandidates: readonly string[];
/** Find an executable Chromium: `FOLIO_CHROMIUM`, then `PUPPETEER_EXECUTABLE_PATH`, then the usual paths. */
export function findChromium(env?: NodeJS.ProcessEnv): string | undefined;
/** Whether `file` exists and may be run. */
export function isExecutable(file: string): boolean;
