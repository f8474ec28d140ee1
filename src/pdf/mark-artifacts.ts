import {forEachOperator} from './content-operators.js';

/** What an operator means to the marking, looked up once per operator (a page holds thousands). */
const enum Role {
  /** Sets state or positions text: never marked on its own. */
  Other,
  /** Builds a path, which nothing may interrupt until the operator that paints (or discards) it. */
  PathConstruction,
  /** Paints the path being built. */
  PathPainting,
  /** Discards the path being built (`n`). */
  PathDiscarding,
  /** Puts other marks on the page: text, shadings and inline images. */
  Painting,
  /** Paints a form or an image (`Do`). */
  XObject,
  MarkedContentStart,
  MarkedContentEnd,
  TextObject,
  Save,
  Restore
}

const roles = new Map<string, Role>([
  ...['m', 'l', 'c', 'v', 'y', 'h', 're'].map((operator) => [operator, Role.PathConstruction] as const),
  ...['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*'].map((operator) => [operator, Role.PathPainting] as const),
  ['n', Role.PathDiscarding],
  ...['Tj', 'TJ', "'", '"', 'sh', 'BI'].map((operator) => [operator, Role.Painting] as const),
  ['Do', Role.XObject],
  ['BDC', Role.MarkedContentStart],
  ['BMC', Role.MarkedContentStart],
  ['EMC', Role.MarkedContentEnd],
  ['BT', Role.TextObject],
  ['ET', Role.TextObject],
  ['q', Role.Save],
  ['Q', Role.Restore]
]);

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
  forEachOperator(content, (operator, start, tokenStart) => {
    const role = roles.get(operator) ?? Role.Other;
    let path = -1; // Where the path this operator paints began, or -1.
    switch (role) {
      case Role.Other:
        return;
      case Role.PathConstruction:
        if (pathStart === -1) pathStart = start;
        return;
      case Role.PathDiscarding:
        pathStart = -1;
        return;
      case Role.Painting:
        break;
      case Role.PathPainting:
        path = pathStart;
        pathStart = -1;
        break;
      case Role.MarkedContentStart: {
        close(start);
        const operands = content.slice(start, tokenStart);
        const kind: Sequence = /^\s*\/Artifact\b/.test(operands)
          ? 'artifact'
          : operator === 'BDC' && /\/MCID\b/.test(operands)
            ? 'tagged'
            : 'other';
        open.push(kind);
        if (kind !== 'other') covered++;
        return;
      }
      case Role.MarkedContentEnd:
        close(start);
        if (open.pop() !== 'other' && covered > 0) covered--;
        return;
      case Role.TextObject:
        close(start);
        return;
      case Role.Save:
        close(start); // An artifact never holds half of a q … Q pair.
        graphicsLevel++;
        return;
      case Role.Restore:
        if (artifactLevel === graphicsLevel) close(start);
        graphicsLevel = Math.max(0, graphicsLevel - 1);
        return;
      case Role.XObject:
        if (taggedForms.size > 0 && taggedForms.has(content.slice(start, tokenStart).trim())) {
          close(start);
          return;
        }
        break;
    }
    if (covered > 0 || artifactLevel !== -1) return;
    insert(path === -1 ? start : path, '\n/Artifact BMC\n');
    artifactLevel = graphicsLevel;
    runs++;
  });
  close(content.length);
  pieces.push(content.slice(copied));
  return {text: pieces.join(''), runs};
}
