import {readFile} from 'node:fs/promises';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import {processTree} from '../scripts/process-tree.js';
import {closeBrowser, launchBrowser} from '../src/browser/browser.js';

/** The renderer processes among the descendants of `root`. */
async function renderers(root: number): Promise<number> {
  let count = 0;
  for (const member of await processTree(root))
    if ((await readFile(`/proc/${member}/cmdline`, 'utf8').catch(() => '')).includes('--type=renderer')) count++;
  return count;
}

/**
 * Every renderer holds tens of megabytes: the build's Chromium starts none for the tab it
 * opens at start (which Folio never uses) nor a spare one for tabs to come. (Before: three,
 * before any page was opened.)
 */
describe("the build's Chromium", () => {
  // Twice: puppeteer once took the flag that stops the spare renderer out of Folio's own list, so only a process's first browser had it.
  it('holds no renderer until a page is opened, in every browser a process starts', async () => {
    for (const launch of [1, 2]) {
      const browser = await launchBrowser();
      try {
        const pid = browser.process()!.pid!;
        // The closed start tab's renderer takes a moment to exit; a spare one would start about then. Then look for two seconds.
        for (let wait = 0; wait < 20 && (await renderers(pid)) > 0; wait++) await sleep(100);
        for (let look = 0; look < 20; look++) {
          expect(await renderers(pid), `launch ${launch}`).toBe(0);
          await sleep(100);
        }
        expect(await browser.pages()).toEqual([]);
      } finally {
        await closeBrowser(browser);
      }
    }
  });
});
