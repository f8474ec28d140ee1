import {isMap, isScalar, LineCounter, parseDocument, type Document} from 'yaml';
import {firstLine} from '../diagnostics/errors.js';

/** Limits that make hostile YAML (alias bombs, deep nesting) fail fast instead of exhausting memory. */
const maxAliasCount = 50;
const maxDepth = 64;

/** A YAML document with a way to find the line and column of any path in it. */
export interface ParsedYaml {
  value: unknown;
  document: Document.Parsed;
  /** Line and column (1-based) of the value at `path`, or of the nearest parent that exists. */
  placeOf(path: readonly PropertyKey[]): {line: number; column: number};
  /** Line and column of the key that ends `path` (where a misspelt property is), or of `placeOf(path)` when there is none. */
  placeOfKey(path: readonly PropertyKey[]): {line: number; column: number};
  /** YAML syntax errors, each with its place. */
  errors: Array<{reason: string; line: number; column: number}>;
}

/**
 * Parse YAML text as data only (the `core` schema: no custom tags, nothing evaluated),
 * keeping positions so that problems can name their line.
 */
export function parseYaml(text: string, lineOffset = 0): ParsedYaml {
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const {line, col} = lineCounter.linePos(offset);
    return {line: line + lineOffset, column: col};
  };
  // Measured before parsing: the parser itself recurses into nested collections.
  const depth = nestingDepth(text);
  const document = parseDocument(depth > maxDepth ? '' : text, {
    lineCounter,
    uniqueKeys: true,
    schema: 'core',
    prettyErrors: false
  });
  const errors = document.errors.map((error) => ({reason: firstLine(error), ...at(error.pos[0])}));
  let value: unknown;
  if (depth > maxDepth) {
    errors.push({
      reason: `YAML is nested ${depth} levels deep; at most ${maxDepth} are allowed`,
      line: 1 + lineOffset,
      column: 1
    });
  } else if (errors.length === 0) {
    try {
      value = document.toJS({maxAliasCount});
    } catch (error) {
      errors.push({reason: `YAML could not be read: ${(error as Error).message}`, ...at(0)});
    }
  }
  return {
    value,
    document,
    errors,
    placeOfKey(path) {
      const parent = document.getIn(path.slice(0, -1) as unknown[], true);
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
        const range = isScalar(pair?.key) ? pair.key.range : undefined;
        if (range) return at(range[0]);
      }
      return this.placeOf(path);
    },
    placeOf(path) {
      for (let length = path.length; length >= 0; length--) {
        const node = document.getIn(path.slice(0, length) as unknown[], true) as
          {range?: [number, number, number]} | undefined;
        if (node && typeof node === 'object' && node.range) return at(node.range[0]);
        if (length > 0) {
          // A missing key: point at the key of the parent map if it exists, else keep climbing.
          const parent = document.getIn(path.slice(0, length - 1) as unknown[], true) as
            {range?: [number, number, number]} | undefined;
          if (parent && typeof parent === 'object' && parent.range) return at(parent.range[0]);
        }
      }
      return at(0);
    }
  };
}

/** Deepest bracket nesting of flow collections, measured before the parser recurses into them. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of text) {
    if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if ((char === ']' || char === '}') && depth > 0) depth--;
  }
  return deepest;
}
