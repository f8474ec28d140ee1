import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {closest, distance} from 'fastest-levenshtein';

/** The parts of JSON Schema that say which properties an object may have. */
interface Schema {
  $ref?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  type?: string | string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  enum?: unknown[];
  const?: unknown;
}

/**
 * A property the schema does not know (or a word it does not take as a value, such as
 * `mark: bars`), where it is, and what its author probably meant.
 */
export interface UnknownProperty {
  path: Array<string | number>;
  name: string;
  /** Set when `name` is a value written at `path`, not a property. */
  value?: true;
  suggestion?: string;
}

const require = createRequire(import.meta.url);
let root: (Schema & {definitions: Record<string, Schema>}) | undefined;
const expanded = new Map<Schema, Schema[]>();

/**
 * Every property of `spec` that Vega-Lite's own JSON Schema (shipped with vega-lite, so it is
 * the version that compiles the chart) does not allow where it is written: a misspelt `encodng`
 * or an `axs` inside `x` would otherwise be ignored in silence and the chart come out wrong. This
 * is not a full validation (a value of the wrong type is left to Vega-Lite, which reports it):
 * a property passes when any branch of the schema's unions allows it, so the check is fast,
 * needs no compiled validator, and never rejects a valid spec.
 */
export function unknownProperties(spec: unknown): UnknownProperty[] {
  root ??= JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
  const found: UnknownProperty[] = [];
  walk(spec, [root!], [], found);
  return found;
}

function walk(value: unknown, schemas: readonly Schema[], path: Array<string | number>, found: UnknownProperty[]) {
  const leaves = [...new Set(schemas.flatMap(expand))];
  if (Array.isArray(value)) {
    const items = leaves.flatMap((leaf) => (leaf.items ? [leaf.items].flat() : []));
    if (items.length > 0) value.forEach((item, index) => walk(item, items, [...path, index], found));
    return;
  }
  if (typeof value === 'string') return checkWord(value, leaves, path, found);
  if (value === null || typeof value !== 'object') return;
  const objects = leaves.filter((leaf) => accepts(leaf, 'object'));
  // No branch takes an object here: a type mistake, which Vega-Lite reports itself.
  if (objects.length === 0) return;
  const open = objects.flatMap((leaf) =>
    leaf.additionalProperties === false
      ? []
      : [leaf.additionalProperties === true || !leaf.additionalProperties ? {} : leaf.additionalProperties]
  );
  for (const [name, child] of Object.entries(value)) {
    const known = objects.flatMap((leaf) => (leaf.properties?.[name] ? [leaf.properties[name]] : []));
    if (known.length === 0 && open.length === 0) {
      const names = [...new Set(objects.flatMap((leaf) => Object.keys(leaf.properties ?? {})))];
      found.push({path, name, suggestion: nearest(name, names)});
      continue;
    }
    walk(child, [...known, ...open], [...path, name], found);
  }
}

/** A string where every branch that takes a string takes only certain words (`mark`, `type`, …). */
function checkWord(value: string, leaves: readonly Schema[], path: Array<string | number>, found: UnknownProperty[]) {
  const strings = leaves.filter((leaf) => accepts(leaf, 'string') || leaf.enum || leaf.const !== undefined);
  if (strings.length === 0) return;
  const words = strings.map((leaf) => leaf.enum ?? (leaf.const !== undefined ? [leaf.const] : undefined));
  if (words.some((list) => list === undefined)) return; // Some branch takes any text.
  const all = [...new Set(words.flat().filter((word): word is string => typeof word === 'string'))];
  if (!all.includes(value)) found.push({path, name: value, value: true, suggestion: nearest(value, all)});
}

/** The schemas a schema stands for once its references and unions are followed. */
function expand(schema: Schema): Schema[] {
  let leaves = expanded.get(schema);
  if (leaves) return leaves;
  expanded.set(schema, []); // A reference cycle adds nothing further.
  const parts: Schema[] = [];
  if (schema.$ref) parts.push(...expand(resolve(schema.$ref)));
  for (const list of [schema.anyOf, schema.oneOf, schema.allOf])
    for (const part of list ?? []) parts.push(...expand(part));
  if (!schema.$ref && !schema.anyOf && !schema.oneOf && !schema.allOf) parts.push(schema);
  else if (schema.properties)
    parts.push({properties: schema.properties, additionalProperties: schema.additionalProperties});
  leaves = [...new Set(parts)];
  expanded.set(schema, leaves);
  return leaves;
}

function resolve(reference: string): Schema {
  const name = decodeURIComponent(reference.replace(/^#\/definitions\//, ''));
  const schema = root!.definitions[name];
  if (!schema) throw new Error(`Vega-Lite's schema has no definition \`${name}\``);
  return schema;
}

function accepts(schema: Schema, type: string): boolean {
  if (schema.type === undefined)
    return type === 'object'
      ? schema.items === undefined && schema.enum === undefined && schema.const === undefined
      : false;
  return [schema.type].flat().includes(type);
}

/** The name in `names` nearest to `name`, when it is near enough to be a slip of the keyboard. */
export function nearest(name: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const best = closest(name, [...names]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
