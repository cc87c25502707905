// Where each diagnostic code is documented: docs/rules/<code>.md on the project's repository.
// `runRules` stamps this URL on every finding (`Finding.docs`, LSP `codeDescription.href`, the
// CLI JSON's `docs`).

export const DOCS_BASE = 'https://github.com/rapport-bts/rapport-bts/blob/main/docs/rules/';

export const docsUrl = (code: string): string => `${DOCS_BASE}${code}.md`;
