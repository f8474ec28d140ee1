import {describe, expect, it, vi} from 'vitest';

// A file of its own: fake timers replace `setTimeout` for every test in the same worker, and the
// other browser tests run side by side (describe.concurrent) with timers of their own.
describe('closing what Chromium does not close', () => {
  it('a page or browser Chromium never closes: the print failure is still reported, once the close is given up', async () => {
    // Seen after a print timed out while the shell was loading: Chromium answered the close and
    // kept the page, and puppeteer's `close` waited for it to go, so the build hung until killed.
    const {closeBrowser, withPartPrinters} = await import('../src/browser/browser.js');
    const timedOut = Object.assign(new Error('Navigation timeout of 1 ms exceeded'), {name: 'TimeoutError'});
    let closes = 0;
    const page = {
      setJavaScriptEnabled: async () => undefined,
      setRequestInterception: async () => undefined,
      on: () => undefined,
      goto: () => Promise.reject(timedOut),
      close: () => {
        closes++;
        return new Promise<never>(() => undefined);
      }
    };
    const browser = {connected: true, newPage: async () => page, on: () => undefined, off: () => undefined};
    const assets = {addDocument: () => ({url: 'https://folio.invalid/document-1.html', release: () => undefined})};
    vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
    try {
      const printing = withPartPrinters(browser as never, assets as never, '<p>shell</p>', 2, async () => 'printed');
      const outcome = printing.then(
        () => 'printed',
        (error: Error) => error.message
      );
      await vi.advanceTimersByTimeAsync(4_900);
      expect(closes).toBe(2);
      await vi.advanceTimersByTimeAsync(200);
      expect(await outcome).toMatch(
        /^print: Chromium took longer than \d+ ms to print \(Navigation timeout of 1 ms exceeded\)/
      );
      // Nor does a browser that answers no close hold up the end of the build: it is killed instead.
      let closed = false;
      void closeBrowser({process: () => null, close: () => new Promise<never>(() => undefined)} as never).then(() => {
        closed = true;
      });
      await vi.advanceTimersByTimeAsync(4_900);
      expect(closed).toBe(false);
      await vi.advanceTimersByTimeAsync(200);
      expect(closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  }, 5000);
});
