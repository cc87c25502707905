// The codes the model raises itself while it is built, before any rule runs, and what each
// looks for. `frontmatter` is also a rule's code (the rule checks the fields; the model reports
// a front matter it cannot read); `document-size` is the model's alone. The CLI help (beside
// the rule's description for `frontmatter`: rules/index.ts codeDescriptions), the manifest's
// `rapport.rules.*` settings and the docs test read this table.

export const MODEL_CODES = {
  frontmatter: "Signale un en-tête YAML illisible ou un BTS inconnu.",
  'document-size':
    "Signale un document trop volumineux ou trop complexe pour être analysé en entier (seuls l'en-tête et les titres sont vérifiés).",
} as const;

export type ModelCode = keyof typeof MODEL_CODES;
