import {readFile, readdir, readlink, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {describe, expect, it} from 'vitest';
import {processTree} from '../scripts/process-tree.js';
import {AssetServer} from '../src/browser/asset-server.js';
import {closeBrowser, launchBrowser, openHardenedPage, withPartPrinters} from '../src/browser/browser.js';
import {defaultTemplatesDir} from '../src/project-paths.js';
import {sampleContent} from './helpers/build.js';

/** The renderer processes among the descendants of `root`. */
async function renderers(root: number): Promise<number> {
  let count = 0;
  for (const member of await processTree(root))
    if ((await readFile(`/proc/${member}/cmdline`, 'utf8').catch(() => '')).includes('--type=renderer')) count++;
  return count;
}

/** The TCP sockets (IPv4 and IPv6) that some process among the descendants of `root` listens on, as `address:port` in hex. */
async function listeningSockets(root: number): Promise<string[]> {
  const inodes = new Set<string>();
  for (const member of await processTree(root))
    for (const fd of await readdir(`/proc/${member}/fd`).catch(() => [])) {
      const target = await readlink(`/proc/${member}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  const listening: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6'])
    for (const line of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
      // sl, local address, remote address, state (0A: listening), queues, timer, retransmits, uid, timeout, inode
      const fields = line.trim().split(/\s+/);
      if (fields[3] === '0A' && inodes.has(fields[9]!)) listening.push(fields[1]!);
    }
  return listening;
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

  // Puppeteer's default, a DevTools port on localhost, lets any process on the machine drive a
  // browser that runs without a sandbox and reads the report's files; over a pipe, only Folio
  // can. (Before: one port, on 127.0.0.1.)
  it('listens on no TCP port: Folio drives it over a pipe', async () => {
    const browser = await launchBrowser();
    try {
      const pid = browser.process()!.pid!;
      expect(await listeningSockets(pid)).toEqual([]);
      const assets = new AssetServer(sampleContent, defaultTemplatesDir);
      const page = await openHardenedPage(browser, assets);
      await page.setContent('<p>Open.</p>');
      expect(await listeningSockets(pid)).toEqual([]);
    } finally {
      await closeBrowser(browser);
    }
  });
});

describe("the build's Chromium, killed in the middle of its own shutdown", () => {
  // Chromium unlinks its scratch folder (`org.chromium.Chromium.*` in TMPDIR) from the profile
  // early in its shutdown and removes it late: a close that ran out of time and killed it in
  // between left the folder behind (seen in a whole `npm test`, on a loaded machine).
  it('leaves no scratch folder behind', async () => {
    const browser = await launchBrowser();
    const pid = browser.process()!.pid!;
    const profile = browser
      .process()!
      .spawnargs.find((arg) => arg.startsWith('--user-data-dir='))!
      .split('=')[1]!;
    const scratch = path.dirname(await readlink(path.join(profile, 'SingletonSocket')));
    expect((await stat(scratch)).isDirectory()).toBe(true);
    await unlink(path.join(profile, 'SingletonSocket')); // Where its shutdown has got to.
    process.kill(-pid, 'SIGKILL'); // Where the close's bound ran out.
    await closeBrowser(browser);
    await expect(stat(scratch)).rejects.toThrow(/ENOENT/);
  });
});

describe("the build's pages", () => {
  // A tab behind another is hidden, and Chromium throttles its rendering: a cover photographed
  // there waited seconds for a frame (once, on a loaded machine, minutes), while the lanes
  // photographed two editions' covers at once. (Before: the first page hidden.)
  it('are each in a window of their own, so that none is hidden behind another', async () => {
    const browser = await launchBrowser();
    try {
      const assets = new AssetServer(sampleContent, defaultTemplatesDir);
      const pages = [];
      for (let count = 0; count < 3; count++) pages.push(await openHardenedPage(browser, assets));
      const states = await Promise.all(pages.map((page) => page.evaluate(() => document.visibilityState)));
      expect(states).toEqual(['visible', 'visible', 'visible']);
    } finally {
      await closeBrowser(browser);
    }
  });

  // The report's chapters print in two pages side by side, its front matter in the first alone:
  // the second page, and the renderer that holds it, goes while the front matter prints. Before:
  // both pages stayed open until the whole report was printed and joined.
  it('print side by side, and all but the first close when asked, while the first prints', async () => {
    const browser = await launchBrowser();
    try {
      const assets = new AssetServer(sampleContent, defaultTemplatesDir);
      const shell = '<!doctype html><html lang="en"><head><title>Shell</title></head><body></body></html>';
      await withPartPrinters(browser, assets, shell, 2, async (printers, closeSpares) => {
        expect(await browser.pages()).toHaveLength(2);
        const [printed] = await Promise.all([printers[0]!({body: '<p>The front matter.</p>'}, {}), closeSpares()]);
        expect(await browser.pages()).toHaveLength(1);
        expect(Buffer.from(printed).subarray(0, 5).toString('latin1')).toBe('%PDF-');
        await closeSpares(); // Asked again, it closes nothing more.
        expect(await browser.pages()).toHaveLength(1);
      });
      expect(await browser.pages()).toEqual([]);
    } finally {
      await closeBrowser(browser);
    }
  });
});
