import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {VFile} from 'vfile';
import {ruleIds} from '../diagnostics/rule-ids.js';
import {reportError} from '../diagnostics/messages.js';
import {closest, distance} from 'fastest-levenshtein';
import {manifestFieldNames, manifestSchema, type Manifest} from './schema.js';
import {parseYaml} from './yaml.js';
import {fileProblem} from '../diagnostics/file-errors.js';

/** The manifest's file name inside the content folder. */
export const manifestName = 'report.yaml';

/** The manifest file (carrying any messages) and, when it is valid, its normalised value. */
export interface LoadedManifest {
  file: VFile;
  manifest: Manifest | undefined;
  /** Line and column of a value in the manifest, for messages about it. */
  placeOf(path: readonly PropertyKey[]): {line: number; column: number};
}

const start = () => ({line: 1, column: 1});

/** Read and validate `report.yaml`, reporting every problem with its line and column. */
export async function loadManifest(contentDir: string, cwd = process.cwd()): Promise<LoadedManifest> {
  const fullPath = path.join(contentDir, manifestName);
  const file = new VFile({path: path.relative(cwd, fullPath), cwd});
  let text: string;
  try {
    text = await readFile(fullPath, 'utf8');
  } catch (error) {
    reportError(
      file,
      `The manifest ${fileProblem(error)}; create \`${manifestName}\` in the content folder`,
      undefined,
      ruleIds.manifestSyntax
    );
    return {file, manifest: undefined, placeOf: start};
  }
  file.value = text;
  return validateManifest(file, text);
}

/** Validate manifest text against the schema; problems become messages on `file`. */
export function validateManifest(file: VFile, text: string): LoadedManifest {
  const yaml = parseYaml(text);
  for (const error of yaml.errors) {
    reportError(file, `Invalid YAML: ${error.reason}`, error, ruleIds.manifestSyntax);
  }
  if (yaml.errors.length > 0) return {file, manifest: undefined, placeOf: start};
  const result = manifestSchema.safeParse(yaml.value ?? {});
  if (result.success) return {file, manifest: result.data, placeOf: yaml.placeOf};
  for (const issue of result.error.issues) {
    // An unknown field is reported on its own line, not on the map that holds it.
    const path =
      issue.code === 'unrecognized_keys' && issue.keys.length > 0 ? [...issue.path, issue.keys[0]!] : issue.path;
    reportError(file, describeIssue(issue, yaml.document.hasIn(issue.path)), yaml.placeOf(path), ruleIds.manifestField);
  }
  return {file, manifest: undefined, placeOf: yaml.placeOf};
}

type Issue = {code: string; path: PropertyKey[]; message: string; keys?: string[]; input?: unknown};

/** A schema problem in words an editor can act on, naming the field in backticks. */
function describeIssue(issue: Issue, present: boolean): string {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the manifest';
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    const keys = issue.keys.map((key) => `\`${key}\``).join(', ');
    const where = field === 'the manifest' ? field : `\`${field}\``;
    const likely = issue.path.length === 0 ? closest(issue.keys[0]!, [...manifestFieldNames]) : undefined;
    if (issue.keys.length === 1 && likely && distance(issue.keys[0]!, likely) <= 2) {
      return `Unknown field ${keys} in ${where}; did you mean \`${likely}\`?`;
    }
    return `Unknown field${issue.keys.length === 1 ? '' : 's'} ${keys} in ${where}; remove ${issue.keys.length === 1 ? 'it' : 'them'} or check the spelling`;
  }
  // Zod does not keep the input, so whether the field is there at all is asked of the YAML.
  if (!present && issue.path.length > 0) {
    return `Missing required field \`${field}\`; add it to the manifest`;
  }
  return `Invalid \`${field}\`: ${issue.message}`;
}
