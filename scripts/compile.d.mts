/** Where the project is: the one the script is in, unless a test compiles a copy. */
export interface CompileOptions {
  root?: string;
}
/** Whether `dist` holds the compiled form of the current sources. */
export function compiledIsCurrent(options?: CompileOptions): boolean;
/** Compile src/ unless `dist` is current; false (the compiler's messages printed) when compiling fails. */
export function ensureCompiled(log?: (message: string) => void, options?: CompileOptions): boolean;
