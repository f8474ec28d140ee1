import {contentOperators} from './content-operators.js';

/** Operators that put marks on the page: text, paths, shadings, images and forms. */
const painting = new Set(['Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'sh', 'Do', 'BI']);

/** Operators that build a path, which nothing may interrupt until the operator that paints (or discards) it. */
const pathConstruction = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const pathEnd = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);

/** Whether an open marked-content sequence is tagged content (it has an MCID), an artifact, or neither. */
type Sequence = 'tagged' | 'artifact' | 'other';

/**
 * Mark as artifacts whatever Chromium paints outside its tagged content: running heads and
 * folios in the page margins, the contents' dot leaders (hidden from the accessibility tree),
 * rules and backgrounds. PDF/UA-1 (7.1) wants every mark on a page to be either real content,
 * in the structure tree, or an artifact that a screen reader skips; Chromium leaves these as
 * neither. Each run of untagged painting in `content` (a page's content stream, decoded to
 * Latin-1 text) is wrapped in `/Artifact BMC … EMC`, kept inside the text object, the path
 * object and the graphics-state level it starts in, so that the marked content nests with all
 * three. A form XObject in `taggedForms` (see `formsWithTaggedContent`) is tagged content where
 * it is painted. Returns the new content and how many runs were marked.
 */
export function wrapUntagged(
  content: string,
  taggedForms: ReadonlySet<string> = new Set()
): {text: string; runs: number} {
  const pieces: string[] = [];
  let copied = 0;
  let runs = 0;
  const open: Sequence[] = [];
  let covered = 0; // How many open sequences are tagged content or artifacts.
  let graphicsLevel = 0;
  let artifactLevel = -1; // The graphics-state level our open artifact started at, or -1.
  // What is inserted starts and ends with a line break: the operator before may end at `at` (`f/Span`).
  const insert = (at: number, text: string) => {
    pieces.push(content.slice(copied, at), text);
    copied = at;
  };
  const close = (at: number) => {
    if (artifactLevel === -1) return;
    insert(at, '\nEMC\n');
    artifactLevel = -1;
  };
  let pathStart = -1; // Where the path being built began, or -1.
  for (const {operator, start, operands} of contentOperators(content)) {
    if (pathConstruction.has(operator)) {
      if (pathStart === -1) pathStart = start;
      continue;
    }
    const path = pathEnd.has(operator) ? pathStart : -1;
    if (pathEnd.has(operator)) pathStart = -1;
    switch (operator) {
      case 'BDC':
      case 'BMC': {
        close(start);
        const kind: Sequence = /^\s*\/Artifact\b/.test(operands)
          ? 'artifact'
          : operator === 'BDC' && /\/MCID\b/.test(operands)
            ? 'tagged'
            : 'other';
        open.push(kind);
        if (kind !== 'other') covered++;
        continue;
      }
      case 'EMC':
        close(start);
        if (open.pop() !== 'other' && covered > 0) covered--;
        continue;
      case 'BT':
      case 'ET':
        close(start);
        continue;
      case 'q':
        close(start); // An artifact never holds half of a q … Q pair.
        graphicsLevel++;
        continue;
      case 'Q':
        if (artifactLevel === graphicsLevel) close(start);
        graphicsLevel = Math.max(0, graphicsLevel - 1);
        continue;
    }
    if (operator === 'Do' && taggedForms.has(operands.trim())) {
      close(start);
      continue;
    }
    if (!painting.has(operator) || covered > 0 || artifactLevel !== -1) continue;
    insert(path === -1 ? start : path, '\n/Artifact BMC\n');
    artifactLevel = graphicsLevel;
    runs++;
  }
  close(content.length);
  pieces.push(content.slice(copied));
  return {text: pieces.join(''), runs};
}
