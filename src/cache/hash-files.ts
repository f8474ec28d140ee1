import {createHash} from 'node:crypto';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';

/** The SHA-256 of `parts`, each length-prefixed so that no two lists hash alike. */
export function hashParts(parts: ReadonlyArray<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    hash.update(`${bytes.byteLength}:`).update(bytes);
  }
  return hash.digest('hex');
}

/**
 * Every file under `dir` (hidden files and folders and `skip` excepted) with the hash of its
 * bytes, by path relative to `dir`, sorted. A folder that does not exist has no files. `sizes`,
 * when given, receives each file's size in bytes by the same path, from the same read.
 */
export async function hashFolder(
  dir: string,
  skip: readonly string[] = [],
  sizes?: Map<string, number>
): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  let entries;
  try {
    entries = await readdir(dir, {recursive: true, withFileTypes: true});
  } catch {
    return hashes; // A missing folder simply contributes nothing; the build reports it if it matters.
  }
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !path
          .relative(dir, file)
          .split(path.sep)
          .some((part) => part.startsWith('.'))
    )
    .filter((file) => !skip.some((folder) => file === folder || file.startsWith(folder + path.sep)))
    .sort();
  const contents = await Promise.all(files.map((file) => readFile(file)));
  for (const [index, file] of files.entries()) {
    const relative = path.relative(dir, file).split(path.sep).join('/');
    hashes.set(relative, createHash('sha256').update(contents[index]!).digest('hex'));
    sizes?.set(relative, contents[index]!.byteLength);
  }
  return hashes;
}
