// The floor under `classe` on this machine, measured apart from our code: remark-parse alone
// (CommonMark, no GFM, no front matter, no analysis) over every `.md` file of a folder, in a
// process of its own. `node bench/parse-floor.mjs DIR` prints `{ files, chars, parseMs }`;
// bench/classe.mjs runs it alone, and twice at the same time, to say how much of the class
// summary's time the Markdown parse that the analysis needs takes by itself, and what two
// processes gain on these cores for that workload.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';

/** Markdown files under `dir`, recursively. */
function markdownFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
  );
}

if (process.argv[2]) {
  const texts = markdownFiles(process.argv[2]).map((f) => readFileSync(f, 'utf8'));
  const processor = unified().use(remarkParse);
  const t0 = performance.now();
  let nodes = 0;
  for (const t of texts) nodes += processor.parse(t).children.length;
  const parseMs = performance.now() - t0;
  if (nodes === 0) throw new Error('nothing parsed');
  process.stdout.write(JSON.stringify({ files: texts.length, chars: texts.reduce((a, t) => a + t.length, 0), parseMs: Math.round(parseMs) }) + '\n');
}
