// Reads the YAML front matter: data, key positions, syntax errors mapped to the document.

import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type { Root } from 'mdast';
import { rangeOf } from '../text/text';
import type { FrontmatterInfo, Range } from '../types';
import { FIELDS, GROUPS } from './fields';
import { yamlErrorFr } from './yamlErrors';

/**
 * The front matter of the tree. It rarely changes while the body is edited: the previous
 * version's is reused when the text up to its end is the same (its ranges depend on nothing after it).
 */
export function readFrontmatter(
  root: Root,
  text: string,
  lineStarts: number[],
  previous?: { text: string; frontmatter: FrontmatterInfo | null },
): FrontmatterInfo | null {
  const first = root.children[0];
  if (!first || first.type !== 'yaml' || !first.position) return null;
  const blockStart = first.position.start.offset ?? 0;
  const blockEnd = first.position.end.offset ?? blockStart;
  // The block's last line break is part of the key (a range may end at the next line's start).
  const end = Math.min(text.length, blockEnd + 2);
  if (previous?.frontmatter && previous.text.length >= end && previous.text.startsWith(text.slice(0, end))) {
    return previous.frontmatter;
  }
  return readFrontmatterBlock(first.value, text, lineStarts, blockStart, blockEnd);
}

function readFrontmatterBlock(source: string, text: string, lineStarts: number[], blockStart: number, blockEnd: number): FrontmatterInfo {
  const nl = text.indexOf('\n', blockStart);
  const yamlStart = nl < 0 ? blockEnd : nl + 1;

  const doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, strict: true });
  const errors = doc.errors.map((e) => {
    const [a, b] = e.pos;
    const start = yamlStart + Math.min(a, source.length);
    const end = yamlStart + Math.min(Math.max(b, a + 1), source.length);
    return { message: yamlErrorFr(e.code), range: rangeOf(lineStarts, start, end) };
  });

  const keyLines = new Map<string, Range>();
  const walk = (node: YamlNode | null | undefined, prefix: string) => {
    if (!isMap(node)) return;
    for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      if (key === undefined || !item.key || !(item.key as YamlNode).range) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      const kr = (item.key as YamlNode).range!;
      const vr = (item.value as YamlNode | null)?.range;
      keyLines.set(path, rangeOf(lineStarts, yamlStart + kr[0], yamlStart + (vr ? vr[1] : kr[1])));
      walk(item.value as YamlNode, path);
    }
  };
  walk(doc.contents as YamlNode, '');

  let data: Record<string, unknown> | null = null;
  if (errors.length === 0) {
    try {
      const js = doc.toJS({ maxAliasCount: 50 }) as unknown;
      data = js && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {};
    } catch (e) {
      errors.push({ message: "un alias « *nom » est sans ancre ou trop répété (l'en-tête est refusé par précaution).", range: rangeOf(lineStarts, blockStart, yamlStart) });
    }
  }
  return { range: rangeOf(lineStarts, blockStart, blockEnd), data, keyLines, errors };
}

/** Reads a dotted path (`stage.debut`) from the front matter data. */
export function getField(data: Record<string, unknown> | null, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * The author the front matter names, as a text: `auteur: { prenom, nom }` ("Léa Martin"; the
 * family name in capitals with `capitals`, as a cover writes it), a plain `auteur: Léa Martin`,
 * or each of a list (`auteur: [Léa Martin, Hugo Roux]`, which the frontmatter rule refuses: one
 * author per report) joined as French does ("Léa Martin et Hugo Roux"). Null when none.
 */
export function authorOf(data: Record<string, unknown> | null, options: { capitals?: boolean } = {}): string | null {
  const text = (v: unknown) => fieldText(v) ?? '';
  const one = (v: unknown): string => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return text(v);
    const item = { [GROUPS.auteur]: v }; // one author of a list read as the field itself
    const prenom = text(getField(item, FIELDS.prenom));
    const nom = text(getField(item, FIELDS.nom));
    return [prenom, options.capitals ? nom.toLocaleUpperCase('fr-FR') : nom].filter(Boolean).join(' ');
  };
  const auteur = getField(data, GROUPS.auteur);
  const names = (Array.isArray(auteur) ? auteur : [auteur]).map(one).filter(Boolean);
  return names.length === 0 ? null : AND_LIST.format(names);
}

const AND_LIST = new Intl.ListFormat('fr', { type: 'conjunction' });

/**
 * A front-matter value as the text it stands for: a string trimmed, a number as JavaScript
 * writes it (`annee: 2026` → "2026"; `3.50` → "3.5"); null for an empty string or anything else
 * (a `true`, a list, a table: no name or title, so none is shown — the cover leaves the line
 * out). The reading of the author (authorOf: the class summary's student) and of the cover's
 * fields; the frontmatter rule checks the types of the fields apart.
 */
export function fieldText(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  return null;
}
