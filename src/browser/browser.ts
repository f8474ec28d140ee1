import {setImmediate as nextTurn} from 'node:timers/promises';
import puppeteer, {type Browser, type Page, type PDFOptions} from 'puppeteer-core';
import {firstLine, FolioError, StageError} from '../diagnostics/errors.js';
import {writeFontConfig} from '../fonts/font-config.js';
import {fontFiles} from '../fonts/shipped-fonts.js';
import {defaultTemplatesDir} from '../project-paths.js';
import {findChromium, isExecutable} from '../system/find-chromium.mjs';
import {runBounded} from '../system/run-bounded.js';
import type {AssetServer} from './asset-server.js';
import {makeBrowserProfile, type BrowserProfile} from './browser-profile.js';

/** Flags for a headless Chromium that reaches no network and phones nobody. */
const chromiumArgs = [
  '--no-sandbox', // Needed as root in containers; pages run without JavaScript and only see the report's files.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-gpu',
  // No renderer kept spare for a tab not yet opened: a build opens a few, and each spare one holds memory.
  '--disable-features=SpareRendererForSitePerProcess',
  '--disable-quic',
  '--mute-audio',
  '--font-render-hinting=none'
];

/** How long one print may take before it counts as a hang: generous, since a 500-page report is legitimately slow. */
export const printTimeoutMs = Number(process.env.FOLIO_PRINT_TIMEOUT_MS) || 10 * 60_000;

/** How long Chromium may take to start before it counts as hung. */
export const launchTimeoutMs = Number(process.env.FOLIO_LAUNCH_TIMEOUT_MS) || 60_000;

/**
 * How long closing a page, or a graceful close of the browser, may take. Chromium can answer
 * a close of a page that is still loading and then never close it (seen after a print timed out
 * during the shell's load), and puppeteer waits for that page to go as long as it takes.
 */
const closeTimeoutMs = 5_000;

/** Options of `launchBrowser`. */
export interface LaunchOptions {
  /** The templates folder, whose `fonts/` may add fonts to the shipped ones. */
  templatesDir?: string;
}

/**
 * Start the one browser a build uses, with a message that says what to do when there is none.
 * It sees no font but the shipped ones and the templates folder's (see src/fonts/).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new StageError(
      'browser',
      'No Chromium found. Install it (`sudo apt-get install chromium`) or set FOLIO_CHROMIUM to its path; `npm run build` installs it by itself when run as root'
    );
  }
  if (!isExecutable(executablePath)) {
    throw new StageError(
      'browser',
      `No Chromium found at \`${executablePath}\` (from FOLIO_CHROMIUM or PUPPETEER_EXECUTABLE_PATH). Install it (\`sudo apt-get install chromium\`) or set FOLIO_CHROMIUM to the path of a Chromium or Chrome binary`
    );
  }
  const profile = await makeBrowserProfile();
  // Puppeteer kills a browser that failed to start only after a 5 s grace; aborting kills it at once.
  const abandon = new AbortController();
  let launching: Promise<Browser> | undefined;
  let browser: Browser | undefined;
  try {
    const fontConfig = await writeFontConfig(profile.dir, fontFiles(options.templatesDir ?? defaultTemplatesDir));
    launching = puppeteer.launch({
      executablePath,
      headless: true,
      // Over a pipe, not a DevTools port on localhost: no other process on the machine can drive
      // a browser that runs without a sandbox and reads the report's files.
      pipe: true,
      // A copy: puppeteer takes `--disable-features` out of the array it is given (to merge it with its own).
      args: [...chromiumArgs],
      userDataDir: profile.dir,
      env: fontEnvironment(fontConfig),
      timeout: launchTimeoutMs,
      protocolTimeout: printTimeoutMs + 60_000,
      signal: abandon.signal
    });
    // Puppeteer bounds by `timeout` the wait for a DevTools port's address and for the first
    // page, not the commands it sends a browser at start: those wait as long as any command
    // (`protocolTimeout`, the print timeout and a minute more).
    browser = await withinTime(launching, launchTimeoutMs, 'waiting for its first answer');
    // The tab Chromium opens at start is never used (every page is opened hardened): its renderer
    // would only hold memory. A browser that fails here failed to start.
    const closing = browser.pages().then((pages) => Promise.all(pages.map((page) => page.close())));
    await withinTime(closing, launchTimeoutMs, 'closing the tab it opened at start');
    await profile.noteScratch();
    profiles.set(browser, profile);
    return browser;
  } catch (error) {
    abandon.abort();
    // Aborted, a launch still under way ends at once, with the process it started.
    browser ??= await launching?.catch(() => undefined);
    // A browser that started and then failed: its whole process group goes with the profile.
    await profile.remove(browser?.process()?.pid);
    throw new StageError(
      'browser',
      `Chromium at \`${executablePath}\` did not start: ${await whyNotStarted(executablePath, error)}. Check that it runs (\`${executablePath} --version\`) or set FOLIO_CHROMIUM`,
      {cause: error}
    );
  }
}

/**
 * What went wrong at start. Over a pipe, a browser that exits at once only closes the
 * connection, and puppeteer says no more than that; so unless it hung, it is run once more as
 * `--version` (for at most 10 s, or the launch's bound when that is shorter, and killed with
 * whatever it started), and how that fails (its exit code and first line of errors: a missing
 * library, say) is told too.
 */
async function whyNotStarted(executablePath: string, error: unknown): Promise<string> {
  const said = firstLine(error);
  if (isTimeout(error)) return said;
  const boundMs = Math.min(10_000, launchTimeoutMs);
  const probe = await runBounded(executablePath, ['--version'], boundMs);
  const how = probe.error
    ? `cannot run (${probe.error.code})`
    : probe.timedOut
      ? `did not finish within ${boundMs / 1000} s`
      : probe.code === 0
        ? undefined
        : probe.code !== null
          ? `exits with code ${probe.code}`
          : `cannot run (${probe.signal})`;
  if (!how) return said;
  const problem = probe.stderr.trim().split('\n')[0];
  return `${said} (\`--version\` ${how}${problem ? `: ${problem}` : ''})`;
}

/**
 * `work`, or a `TimeoutError` once `ms` have passed (for what puppeteer bounds only by its
 * protocol timeout, which is the print timeout and a minute more).
 */
export async function withinTime<T>(work: Promise<T>, ms: number, doing: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`Timed out after ${ms} ms ${doing}`);
      error.name = 'TimeoutError';
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** The environment Chromium runs in: the caller's, with fontconfig reading Folio's configuration alone. */
function fontEnvironment(fontConfig: string): Record<string, string | undefined> {
  const {FONTCONFIG_PATH: _path, FONTCONFIG_SYSROOT: _sysroot, ...env} = process.env;
  return {...env, FONTCONFIG_FILE: fontConfig};
}

/** The profile folder of each browser `launchBrowser` started, for `closeBrowser` to remove. */
const profiles = new WeakMap<Browser, BrowserProfile>();

/**
 * Close a browser from `launchBrowser`, whatever became of it: end every process it started
 * (the helpers of a crashed main process outlive it for a moment) and remove its profile folder.
 */
export async function closeBrowser(browser: Browser): Promise<void> {
  const pid = browser.process()?.pid;
  try {
    // A browser that does not answer is killed with its process group below.
    await withinTime(browser.close(), closeTimeoutMs, 'closing').catch(ignoreTimeout);
  } finally {
    await profiles.get(browser)?.remove(pid);
  }
}

/**
 * Close a page, or give up on it after `closeTimeoutMs`: a page Chromium did not close goes with
 * the browser (`closeBrowser`). Never fails: the browser may already be gone, and closing it reports that.
 */
async function closePage(page: Pick<Page, 'close'>): Promise<void> {
  await withinTime(page.close(), closeTimeoutMs, 'closing a page').catch(() => undefined);
}

/** Whether `error` is a bound running out: puppeteer's own timeouts, and `withinTime`'s. */
const isTimeout = (error: unknown) => (error as Error | undefined)?.name === 'TimeoutError';

const ignoreTimeout = (error: unknown) => {
  if (!isTimeout(error)) throw error;
};

/**
 * Open a page that runs no JavaScript and whose every request is answered by `assets`
 * or refused: no network, no `file:` access, nothing outside the report's own files.
 */
export async function openHardenedPage(browser: Browser, assets: AssetServer): Promise<Page> {
  const page = await newPage(browser);
  try {
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
  } catch (error) {
    // Not hardened, it is never handed out: closed here, since no caller holds it.
    await closePage(page);
    throw error;
  }
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    assets.serve(request.url()).then(
      (asset) =>
        asset
          ? request.respond({status: 200, contentType: asset.contentType, body: asset.body, headers: asset.headers})
          : request.abort('blockedbyclient'),
      () => request.abort('failed')
    );
  });
  return page;
}

/**
 * Open a page in a window of its own, or fail as soon as the browser is gone. In a window of
 * its own, no page Folio opens is ever a tab hidden behind another, whose rendering Chromium
 * throttles: a cover photographed in a hidden tab waited for a frame for seconds, and once, on
 * a loaded machine, for minutes. Puppeteer's `newPage` waits up to 30 s for the new page to be
 * announced, and a browser that dies after creating it never announces it.
 */
export async function newPage(browser: Pick<Browser, 'connected' | 'newPage' | 'on' | 'off'>): Promise<Page> {
  let gone!: () => void;
  const disconnected = new Promise<never>((_resolve, reject) => {
    gone = () => reject(new Error('Chromium closed the connection while a page was being opened'));
  });
  if (!browser.connected) gone();
  browser.on('disconnected', gone); // Not `once`: puppeteer's `off` cannot remove what `once` wrapped.
  try {
    return await Promise.race([browser.newPage({type: 'window'}), disconnected]);
  } finally {
    browser.off('disconnected', gone);
  }
}

/** Serve `html`, open a hardened page and run `use` with the page and the document's URL; the page is always closed. */
export async function withDocument<T>(
  browser: Browser,
  assets: AssetServer,
  html: string,
  use: (page: Page, url: string) => Promise<T>
): Promise<T> {
  const document = assets.addDocument(html);
  let page: Page | undefined;
  try {
    // Inside the try: a browser that crashed fails here first, and the caller reports it.
    page = await openHardenedPage(browser, assets);
    return await use(page, document.url);
  } finally {
    document.release();
    if (page) await closePage(page);
  }
}

/** Load `html` into a hardened page and print it. */
export async function printHtml(
  browser: Browser,
  assets: AssetServer,
  html: string,
  options: PDFOptions
): Promise<Uint8Array> {
  try {
    return await withDocument(browser, assets, html, async (page, url) => {
      await page.goto(url, {waitUntil: 'load', timeout: printTimeoutMs});
      return page.pdf({preferCSSPageSize: true, printBackground: true, timeout: printTimeoutMs, ...options});
    });
  } catch (error) {
    throw printFailure(error);
  }
}

/** One part to print: its body, and, when it has one, the CSS it adds (see `PartPrinter`). */
export interface Part {
  body: string;
  /** Made while Chromium reads the body, for Node's work on it (reading the part before) to overlap. */
  style?: () => string | Promise<string>;
}

/**
 * Print one part of a document in a page opened by `withPartPrinters`. `meanwhile` runs once
 * Chromium has started printing, for Node's own work to overlap with the print.
 */
export type PartPrinter = (
  part: Part,
  options: PDFOptions,
  meanwhile?: () => void | Promise<void>
) => Promise<Uint8Array>;

/**
 * Load `shellHtml` (styles, fonts, an empty body) once into a hardened page, and let `use`
 * print any number of parts in it: each part replaces the body (and may add CSS of its own),
 * then waits for its fonts and images before printing. A document of many parts
 * costs one load instead of one per part, and each page lays out one part at a time, so a long
 * report's print time and memory grow with its length, not faster.
 *
 * The page still runs no script of its own: the body is set through the DevTools protocol
 * (which the page's disabled JavaScript and its CSP do not affect), and `innerHTML` never runs
 * the scripts the sanitized content could not hold anyway.
 */
export async function withPartPrinter<T>(
  browser: Browser,
  assets: AssetServer,
  shellHtml: string,
  use: (print: PartPrinter) => Promise<T>
): Promise<T> {
  return withPartPrinters(browser, assets, shellHtml, 1, ([print]) => use(print!));
}

/**
 * `withPartPrinter` with `count` pages, each with the shell loaded, for parts to print side by
 * side (each page is laid out by a renderer process of its own). Every page is closed on every
 * path; `closeSpares` closes all but the first printer's page sooner, once the parts left are
 * printed one after another, so that a spare renderer does not hold its memory while they are
 * (the first may print while they close).
 */
export async function withPartPrinters<T>(
  browser: Browser,
  assets: AssetServer,
  shellHtml: string,
  count: number,
  use: (printers: PartPrinter[], closeSpares: () => Promise<void>) => Promise<T>
): Promise<T> {
  const document = assets.addDocument(shellHtml);
  let pages: Page[] = [];
  let sparesClosed: Promise<unknown> | undefined;
  try {
    // Inside the try: a browser that crashed fails here first, and is reported as a print failure.
    const opening = await Promise.allSettled(
      Array.from({length: count}, () =>
        inBrowser(async () => {
          const page = await openHardenedPage(browser, assets);
          pages.push(page);
          await page.goto(document.url, {waitUntil: 'load', timeout: printTimeoutMs});
          // The empty shell uses no font yet, and the running heads are laid out only when printing:
          // load every face now, or the first part's margin boxes fall back to a system font.
          await page.evaluate(loadAllFonts);
          return page;
        })
      )
    );
    const failure = opening.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const opened = opening.map((result) => (result as PromiseFulfilledResult<Page>).value);
    // Once, however often it is asked.
    const closeSpares = async () => {
      const spares = opened.slice(1);
      pages = pages.filter((page) => !spares.includes(page));
      await (sparesClosed ??= Promise.all(spares.map(closePage)));
    };
    // What `use` throws is its own: the printers report Chromium's failures as print failures (`inBrowser`).
    return await use(opened.map(partPrinter), closeSpares);
  } finally {
    document.release();
    await Promise.all([sparesClosed, ...pages.map(closePage)]);
  }
}

/** Only the browser's own failures are print failures; what the caller does with the PDFs reports itself. */
async function inBrowser<R>(step: () => Promise<R>): Promise<R> {
  try {
    return await step();
  } catch (error) {
    throw error instanceof FolioError ? error : printFailure(error);
  }
}

/** Print parts in `page`, which holds the loaded shell. */
function partPrinter(page: Page): PartPrinter {
  return async ({body, style}, options, meanwhile) => {
    const filling = inBrowser(() => page.evaluate(fillPart, body));
    filling.catch(() => undefined); // Awaited below; `style` may throw first.
    await nextTurn(); // The command is on its way before Node starts on the style.
    const css = await style?.();
    await filling;
    if (css) await inBrowser(() => page.evaluate(addPartStyle, css));
    // `fillPart` waited for the fonts; without waiting again, `pdf()` sends the print command at once.
    const printing = inBrowser(() =>
      page.pdf({
        preferCSSPageSize: true,
        printBackground: true,
        waitForFonts: false,
        timeout: printTimeoutMs,
        ...options
      })
    );
    printing.catch(() => undefined); // Awaited below; `meanwhile` may throw first.
    await meanwhile?.();
    return printing;
  };
}

/** Runs in the page: load every font face the styles declare. */
async function loadAllFonts(): Promise<void> {
  // Iterated, not `forEach`: with the page's JavaScript off, Blink refuses to call back into script.
  const faces: Array<Promise<FontFace>> = [];
  for (const face of document.fonts as unknown as Iterable<FontFace>) faces.push(face.load());
  await Promise.all(faces);
}

/**
 * Runs in the page: wait until what the loaded page shows is ready to be photographed, its
 * images decoded and its fonts ready (the shipped faces come through fontconfig, not the
 * network, so laying the page out is enough for them). Waiting for the network to fall quiet
 * instead, as puppeteer's `networkidle0` does, costs a second of idle time and gives the same pixels.
 */
export async function pageSettled(): Promise<void> {
  document.body.getBoundingClientRect();
  await Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined)));
  await document.fonts.ready;
}

/** Runs in the page: put a part in place and wait until its fonts and images are ready to print. */
async function fillPart(body: string): Promise<void> {
  for (const style of Array.from(document.head.querySelectorAll('style[data-part]'))) style.remove();
  document.body.innerHTML = body;
  await Promise.all(Array.from(document.images).map((image) => image.decode().catch(() => undefined)));
  await document.fonts.ready;
}

/** Runs in the page: add a part's own CSS. */
function addPartStyle(css: string): void {
  const style = document.createElement('style');
  style.dataset.part = '';
  style.textContent = css;
  document.head.append(style);
}

/** The browser died under a stage that does not name print failures itself (the EPUB cover): say so, not the protocol error. */
export function browserCrashed(error: unknown): StageError {
  const reason = firstLine(error);
  return new StageError(
    'browser',
    `Chromium quit in the middle of the build (${reason}). It may have crashed or run out of memory; run the build again, or check Chromium with FOLIO_CHROMIUM`,
    {cause: error}
  );
}

/** A print failure in words that say what happened and what to do. */
function printFailure(error: unknown): StageError {
  return (
    chromiumTimeout(error, 'print', 'print') ??
    new StageError(
      'print',
      `Chromium failed while printing: ${firstLine(error)}. It may have crashed; run the build again, or check Chromium with FOLIO_CHROMIUM`,
      {cause: error}
    )
  );
}

/**
 * When `error` is Chromium running out of time (FOLIO_PRINT_TIMEOUT_MS, which bounds every page
 * Folio loads, prints or photographs), the stage's error that says so and what to raise.
 */
export function chromiumTimeout(error: unknown, stage: string, doing: string): StageError | undefined {
  if (!isTimeout(error)) return undefined;
  return new StageError(
    stage,
    `Chromium took longer than ${printTimeoutMs} ms to ${doing} (${firstLine(error)}). Set FOLIO_PRINT_TIMEOUT_MS higher for a very long report, or check that Chromium is not stuck`,
    {cause: error}
  );
}
