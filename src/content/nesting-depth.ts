import type {VFile} from 'vfile';
import {placeAt, reportError} from '../diagnostics/messages.js';
import {ruleIds} from '../diagnostics/rule-ids.js';

/**
 * Deepest nesting of lists, block quotes and raw HTML a file may have. The HTML stages
 * (mdast-util-to-hast, rehype-raw, hast-util-to-html) recurse once per level and overflow
 * the stack at about a thousand; no report needs more than a handful.
 */
export const maxNesting = 100;

/** One container marker at the start of a line: `>`, `-`, `*`, `+`, `1.` or `1)`, with the space before it. */
const containerMarker = /([ \t]*)(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))[ \t]?/y;
const fence = /^(?:`{3,}|~{3,})/;
/** HTML elements that never enclose others, or whose end tag is optional: they do not add depth. */
const flatElements = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd option optgroup tr td th thead tbody tfoot colgroup rt rp'.split(' ')
);

/**
 * Measure, before parsing, how deeply lists and block quotes (from the markers and indentation
 * that open each line) and raw HTML elements nest; report the first line deeper than
 * `maxNesting`. Returns false when the file must not be parsed.
 */
export function checkNestingDepth(file: VFile): boolean {
  const lines = String(file.value).split('\n');
  let inFence = false;
  for (const [index, line] of lines.entries()) {
    containerMarker.lastIndex = 0;
    let depth = 0;
    let end = 0;
    let match: RegExpExecArray | null;
    while ((match = containerMarker.exec(line))) {
      // Nesting by indentation alone (`  - a` under `- b`): two columns count as a level.
      depth += 1 + Math.floor(match[1]!.replaceAll('\t', '    ').length / 2);
      end = containerMarker.lastIndex;
    }
    const rest = line.slice(end);
    if (fence.test(rest.trimStart())) inFence = !inFence;
    if (inFence) continue;
    if (depth > maxNesting) {
      reportError(file, `Lists or block quotes are nested ${depth} levels deep here; at most ${maxNesting} are allowed. Flatten the structure`, {line: index + 1, column: 1}, ruleIds.contentTooDeep);
      return false;
    }
  }
  return checkHtmlDepth(file);
}

/** Count open raw HTML elements through the file; report where they pass `maxNesting`. */
function checkHtmlDepth(file: VFile): boolean {
  const text = String(file.value);
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?(\/?)>/g;
  let depth = 0;
  let match: RegExpExecArray | null;
  while ((match = tag.exec(text))) {
    const name = match[2]!.toLowerCase();
    if (flatElements.has(name) || match[3]) continue;
    depth = match[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > maxNesting) {
      reportError(file, `Raw HTML elements are nested more than ${maxNesting} levels deep here; close them or use Markdown instead`, placeAt(file, match.index), ruleIds.contentTooDeep);
      return false;
    }
  }
  return true;
}
