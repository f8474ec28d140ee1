// The `hyphen` package ships no types; these cover the synchronous calls Folio uses.
declare module 'hyphen/en-us/index.js' {
  const hyphen: {hyphenateSync(text: string, options?: {minWordLength?: number; hyphenChar?: string}): string};
  export default hyphen;
}
declare module 'hyphen/en-gb/index.js' {
  const hyphen: {hyphenateSync(text: string, options?: {minWordLength?: number; hyphenChar?: string}): string};
  export default hyphen;
}
declare module 'hyphen/ru/index.js' {
  const hyphen: {hyphenateSync(text: string, options?: {minWordLength?: number; hyphenChar?: string}): string};
  export default hyphen;
}
declare module 'hyphen/fr/index.js' {
  const hyphen: {hyphenateSync(text: string, options?: {minWordLength?: number; hyphenChar?: string}): string};
  export default hyphen;
}
declare module 'hyphen/es/index.js' {
  const hyphen: {hyphenateSync(text: string, options?: {minWordLength?: number; hyphenChar?: string}): string};
  export default hyphen;
}
