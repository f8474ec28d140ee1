/** A part of a chart spec that would reach outside the report. */
export interface RouteOut {
  path: Array<string | number>;
  reason: string;
}

/**
 * The parts of a Vega-Lite spec that could reach outside the report, each an error: a chart
 * is built from the report's own files and links nowhere.
 * - `url` is allowed only as a data source (`data: {url: …}`, in any view or lookup) naming a
 *   relative path; chart-data.ts then reads it from inside the content folder and puts the rows
 *   in its place, so Vega's loader is never asked for anything (and refuses if it were).
 * - `href` (a mark that is a hyperlink) and image marks (which load a URL per item) are refused
 *   outright: in print they would be dead or remote, in an EPUB a way to the network.
 * - The rest of what Vega-Lite can say stays inside the spec: expressions (`expr`, `filter`,
 *   `calculate`, `params`) are interpreted by vega-interpreter over an allow-listed set of
 *   functions with no access to the page, the process or the network, and `usermeta` is inert
 *   data that Vega keeps and never reads.
 */
export function chartRoutesOut(spec: unknown): RouteOut[] {
  const found: RouteOut[] = [];
  visit(spec, [], found);
  return found;
}

function visit(value: unknown, path: Array<string | number>, found: RouteOut[]): void {
  // Inert data: a data source's rows and the author's own metadata are never read as a spec (a
  // column may well be called `url`).
  if (path.at(-1) === 'values' || path.at(-1) === 'usermeta' || path.at(-2) === 'datasets') return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => visit(item, [...path, index], found));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, key];
    if (key === 'url') {
      if (path.at(-1) !== 'data') found.push({path: at, reason: 'A chart may name a URL only as its data’s `url`'});
      else if (typeof child !== 'string' || !isRelativePath(child))
        found.push({
          path: at,
          reason: `Chart data \`${String(child)}\` is not a file of the report; put the data in a CSV or JSON file in the content folder and name it by a relative path`
        });
      continue;
    }
    if (key === 'href')
      found.push({path: at, reason: 'A chart cannot be a link (`href`); put the link in the text beside it'});
    if (key === 'mark' && markType(child) === 'image')
      found.push({path: at, reason: 'A chart cannot draw images (`mark: image`), which load a file or URL per item'});
    visit(child, at, found);
  }
}

function markType(mark: unknown): unknown {
  return typeof mark === 'object' && mark !== null ? (mark as {type?: unknown}).type : mark;
}

/** A relative path: no scheme (`https:`, `file:`, `data:`), no leading `/` or `\`, no `//`. */
function isRelativePath(url: string): boolean {
  return url !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[/\\]/.test(url);
}
