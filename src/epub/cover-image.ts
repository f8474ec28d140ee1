import {textDirection} from '../html/direction.js';
import {words} from '../html/templates.js';
import type {CompiledReport} from '../html/model.js';
import type {BuildContext} from '../browser/build-context.js';

/** Page sizes in CSS pixels (96 per inch), so the cover's millimetre measures land where they do in print. */
const pageSizes = {A4: {width: 794, height: 1123}, Letter: {width: 816, height: 1056}} as const;

/** Pixels per CSS pixel: about 1600 pixels wide, the size e-book stores ask for. */
const scale = 2;

/**
 * Render the print edition's cover (`templates/shared/cover.njk` styled by the print CSS) to a
 * PNG, in the build's hardened browser so that it is set in the same fonts and never touches
 * the network. A cover made before from the same page is taken from the build's cache instead.
 */
export async function renderCoverImage(report: CompiledReport, context: BuildContext): Promise<Uint8Array> {
  const html = context.templates.render('epub/cover-image.njk', {
    meta: report.meta,
    t: words(report),
    dir: textDirection(report.meta.language)
  });
  // The page size and scale are part of what the cover depends on, as its HTML is.
  const page = `${report.meta.pageSize} ${scale}\n${html}`;
  const cached = context.covers?.get(page);
  if (cached) return cached;
  // The browser module (puppeteer) loads only when a cover is made.
  const {chromiumTimeout, pageSettled, printTimeoutMs, withDocument, withinTime} =
    await import('../browser/browser.js');
  const png = await withDocument(await context.browser(), context.assets, html, async (tab, url) => {
    await tab.setViewport({...pageSizes[report.meta.pageSize], deviceScaleFactor: scale});
    // Photographed once its images are decoded and its fonts ready (see `pageSettled`); all of it within the print timeout.
    const photograph = async () => {
      await tab.goto(url, {waitUntil: 'load', timeout: printTimeoutMs});
      await tab.evaluate(pageSettled);
      return tab.screenshot({type: 'png', omitBackground: false, optimizeForSpeed: false});
    };
    return withinTime(photograph(), printTimeoutMs, 'photographing the cover');
  }).catch((error: unknown) => {
    // A browser that died is explained by the build (see `BrowserHandle.explain`).
    throw chromiumTimeout(error, 'epub', 'photograph the EPUB cover') ?? error;
  });
  context.covers?.set(page, png);
  return png;
}
