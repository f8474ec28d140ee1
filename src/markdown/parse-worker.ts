// A worker thread of `parseMany` (parse-pool.ts): parses the Markdown it is sent and sends back
// the tree, or says that the parse reported something (the main thread then parses that file
// itself, so that the messages land on its own file).
import {parentPort} from 'node:worker_threads';
import {VFile} from 'vfile';
import {parseMarkdown} from './parse.js';

export interface ParseRequest {
  index: number;
  path: string;
  text: string;
}

export type ParseReply = {index: number; tree: unknown} | {index: number; reported: true};

parentPort!.on('message', ({index, path, text}: ParseRequest) => {
  const file = new VFile({path, value: text});
  const tree = parseMarkdown(file);
  const reply: ParseReply = file.messages.length > 0 ? {index, reported: true} : {index, tree};
  parentPort!.postMessage(reply);
});
