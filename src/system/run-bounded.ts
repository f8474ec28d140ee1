import {spawn, type ChildProcess} from 'node:child_process';

/** How a command run by `runBounded` ended. */
export interface BoundedRun {
  /** Its exit code, when it exited by itself. */
  code: number | null;
  /** The signal that ended it, when one did. */
  signal: NodeJS.Signals | null;
  /** Whether it was still running when the bound ran out (and was killed). */
  timedOut: boolean;
  /** Why it could not be started at all (`ENOENT`, `EACCES`, `EMFILE`…). */
  error?: NodeJS.ErrnoException;
  /** The start of what it wrote to stderr. */
  stderr: string;
}

/** What it writes to stderr is kept up to this many characters. */
const keptStderr = 4096;

/**
 * How long an exited command's stderr may stay open before what holds it is killed: a script
 * that starts something in the background and exits leaves that something holding the pipe.
 */
const exitGraceMs = 200;

/**
 * Run `command` in a process group of its own, for at most `boundMs`: then the whole group is
 * killed, so that a wrapper script does not leave what it started running. The group is killed
 * too when Folio exits, or is interrupted (SIGINT, SIGTERM) while it runs: in a group of its own,
 * it no longer gets the terminal's Ctrl-C. Never rejects.
 */
export function runBounded(command: string, args: readonly string[], boundMs: number): Promise<BoundedRun> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, {detached: true, stdio: ['ignore', 'ignore', 'pipe']});
    } catch (error) {
      resolve({code: null, signal: null, timedOut: false, error: error as NodeJS.ErrnoException, stderr: ''});
      return;
    }
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(0, keptStderr)));
    let exited: {code: number | null; signal: NodeJS.Signals | null} | undefined;
    let settled = false;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    };
    // Interrupted, Folio kills the group, then takes the signal as it would have without this listener.
    const interrupted = (signal: NodeJS.Signals) => {
      killGroup();
      finish();
      process.kill(process.pid, signal);
    };
    let grace: NodeJS.Timeout | undefined;
    const finish = (error?: NodeJS.ErrnoException, timedOut = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(bound);
      clearTimeout(grace);
      process.off('exit', killGroup).off('SIGINT', interrupted).off('SIGTERM', interrupted);
      child.stderr?.destroy();
      resolve({code: exited?.code ?? null, signal: exited?.signal ?? null, timedOut, error, stderr});
    };
    const bound = setTimeout(() => {
      killGroup();
      finish(undefined, !exited);
    }, boundMs);
    process.once('exit', killGroup).once('SIGINT', interrupted).once('SIGTERM', interrupted);
    child.on('error', (error: NodeJS.ErrnoException) => finish(error));
    child.on('exit', (code, signal) => {
      exited = {code, signal};
      grace = setTimeout(() => {
        killGroup();
        finish();
      }, exitGraceMs);
    });
    // Once its stderr is closed too, so that what it wrote is all there.
    child.on('close', () => finish());
  });
}
