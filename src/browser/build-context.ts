import type nunjucks from 'nunjucks';
import type {Browser} from 'puppeteer-core';
import type {AssetServer} from './asset-server.js';

/** What every edition of one build shares: the one hardened browser, its asset server, the templates and the build's date. */
export interface BuildContext {
  browser: Browser;
  assets: AssetServer;
  templates: nunjucks.Environment;
  date: Date;
}
