import type {Browser} from 'puppeteer-core';
import {FolioError} from '../diagnostics/errors.js';
import type {LaunchOptions} from './browser.js';

/** The browser module (puppeteer), loaded when a build first needs Chromium: a build that needs none never loads it. */
const browserModule = () => import('./browser.js');

/**
 * The one Chromium of a build, started when the build first asks (`start`, so that it can start
 * while the content is still being checked) and closed on every path (`close`), whether it was
 * used, failed to start, or was never started.
 */
export class BrowserHandle {
  private launching: Promise<Browser> | undefined;

  constructor(private readonly options: LaunchOptions) {}

  /** Start Chromium, once; a failure is reported by `browser()`. */
  start(): void {
    if (this.launching) return;
    this.launching = browserModule().then(({launchBrowser}) => launchBrowser(this.options));
    this.launching.catch(() => undefined);
  }

  /** The started browser (starting it if need be). */
  browser(): Promise<Browser> {
    this.start();
    return this.launching!;
  }

  /**
   * The error a stage failed with, or, when the browser died under a stage that does not name
   * print failures itself (the EPUB cover), an error that says so.
   */
  async explain(error: unknown): Promise<unknown> {
    const browser = await this.launching?.catch(() => undefined);
    if (!browser || browser.connected || error instanceof FolioError) return error;
    return (await browserModule()).browserCrashed(error);
  }

  /** Close the browser, if one was started. */
  async close(): Promise<void> {
    const browser = await this.launching?.catch(() => undefined);
    if (browser) await (await browserModule()).closeBrowser(browser);
  }
}
