import type nunjucks from 'nunjucks';
import type {Browser} from 'puppeteer-core';
import type {CoverCache} from '../cache/cover-cache.js';
import type {AssetServer} from './asset-server.js';

/** What every edition of one build shares: the one hardened browser, its asset server, the templates and the build's date. */
export interface BuildContext {
  /** The build's browser, started the first time a format needs it (an EPUB whose cover is cached needs none). */
  browser: () => Promise<Browser>;
  /** Cover images made before, when the build has a cache. */
  covers?: CoverCache;
  assets: AssetServer;
  templates: nunjucks.Environment;
  date: Date;
  /** How many pages of Chromium print the report's chapters side by side (see src/pdf/print-schedule.ts); one when not given. */
  printers?: number;
}
