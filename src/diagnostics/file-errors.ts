/** Why a file or folder could not be used, in words, from the error Node gave (`ENOENT`, `EACCES`, …). */
export function fileProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException)?.code) {
    case 'ENOENT':
      return 'does not exist';
    case 'ENOTDIR':
      return 'does not exist (a part of its path is a file, not a folder)';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ELOOP':
      return 'is a loop of symbolic links';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENAMETOOLONG':
      return 'has a path too long for this system';
    default:
      return `cannot be read (${(error as NodeJS.ErrnoException)?.code ?? String(error)})`;
  }
}
