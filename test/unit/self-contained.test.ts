// The repository stands on its own: someone who clones it has nothing beside it, so no tracked
// file may point at a folder outside it (the team's reference folder, a developer's machine),
// and every relative link of the Markdown documentation resolves inside the repository.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f !== '' && existsSync(join(root, f)));
const texts = tracked
  .filter((f) => !/\.(png|jpe?g|gif|ico|ttf|otf|woff2?|pdf|docx|vsix|wasm)$/i.test(f) && f !== 'package-lock.json')
  .map((f) => ({ file: f, text: readFileSync(join(root, f), 'utf8') }));

// This file names the patterns it forbids; they are built so that it does not match itself.
const outside = [
  new RegExp(['\\.\\.', 'shared'].join('/')),
  new RegExp(['shared', '(design|bts-rules|style)\\.md'].join('/')),
  new RegExp(['shared', '(seeds|corpus|hooks)\\b'].join('/')),
  new RegExp(['', 'work', ''].join('/')),
  /\bseed \d{3}\b|\b\d{3}_[0-9a-f]{16}\.txt\b/,
];

describe('the repository is self-contained', () => {
  it('reads a meaningful number of tracked files', () => {
    expect(texts.length).toBeGreaterThan(100);
  });

  it('no tracked file refers to the reference folder or to a path outside the repository', () => {
    const hits: string[] = [];
    for (const { file, text } of texts) {
      text.split('\n').forEach((line, i) => {
        for (const re of outside) if (re.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('every relative link of the Markdown documentation resolves inside the repository', () => {
    const broken: string[] = [];
    for (const { file, text } of texts.filter((t) => /^(README|CONTRIBUTING|CHANGELOG)\.md$|^docs\/|README\.md$/.test(t.file))) {
      for (const m of text.replace(/```[\s\S]*?```|`[^`\n]*`/g, '').matchAll(/\[[^\]]*\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, command:…
        const abs = resolve(root, dirname(file), decodeURI(target));
        const rel = relative(root, abs);
        if (rel.startsWith('..') || !existsSync(abs)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
