/** Whether dist/ holds the compiled form of the current sources. */
export function compiledIsCurrent(): boolean;
/** Compile src/ into dist/ unless it is current; false (the compiler's messages printed) when compiling fails. */
export function ensureCompiled(log?: (message: string) => void): boolean;
