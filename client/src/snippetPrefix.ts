// The report snippets (snippets/markdown.json) as the Tab key and the « Insérer un canevas… »
// command see them: names, prefixes, bodies, and the prefix typed just before the cursor.
// No `vscode` here: the unit tests read exactly what the command runs.

export interface ReportSnippet {
  /** The key of snippets/markdown.json (what VS Code's snippet list shows). */
  name: string;
  prefixes: string[];
  description: string;
  /** The body in VS Code's snippet syntax. */
  body: string;
}

interface SnippetJson {
  prefix?: string | string[];
  body?: string | string[];
  description?: string;
}

/** The snippets of a snippets/markdown.json text, in file order. */
export function parseSnippets(json: string): ReportSnippet[] {
  const data = JSON.parse(json) as Record<string, SnippetJson>;
  return Object.entries(data).map(([name, s]) => ({
    name,
    prefixes: ([] as string[]).concat(s.prefix ?? []),
    description: s.description ?? '',
    body: ([] as string[]).concat(s.body ?? []).join('\n'),
  }));
}

/**
 * The snippet whose prefix ends the text before the cursor, as a whole word (at the start of
 * the line or after a space): `car` in "Face au problème, car" is one, `ocar` is not. The
 * prefix is compared as written (`activité` and `activite` are both prefixes).
 */
export function snippetBefore(textBefore: string, snippets: ReportSnippet[]): { snippet: ReportSnippet; prefix: string } | undefined {
  const m = /(?:^|[\s(«"'])([\p{L}\p{N}][\p{L}\p{N}-]*)$/u.exec(textBefore);
  if (!m) return undefined;
  const word = m[1]!;
  const snippet = snippets.find((s) => s.prefixes.includes(word));
  return snippet ? { snippet, prefix: word } : undefined;
}
