// The one list of front matter fields a report may carry (besides what a profile requires, see
// `Profile.frontmatter`): their dotted paths, which are texts and which hold sub-fields. Read by
// the `frontmatter`, `deadline` and `remerciements-tuteur` rules and by the client's "Nouveau
// rapport" command, which fills them from the student's answers.

/** Dotted path of each field, by the short name the code uses. */
export const FIELDS = {
  bts: 'bts',
  titre: 'titre',
  nom: 'auteur.nom',
  prenom: 'auteur.prenom',
  etablissement: 'etablissement',
  entreprise: 'entreprise',
  tuteur: 'tuteur.nom',
  poste: 'tuteur.poste',
  debut: 'stage.debut',
  fin: 'stage.fin',
  unite: 'unite',
  logo: 'logo',
  annee: 'annee',
} as const;

/** Top-level fields that hold sub-fields (`auteur.nom`…); a student may also write them as a plain text. */
export const GROUPS = { auteur: 'auteur', tuteur: 'tuteur', stage: 'stage' } as const;

/** Other spellings read for a field (by its short name in FIELDS), after the field itself. */
export const ALIASES: Readonly<Partial<Record<keyof typeof FIELDS, readonly string[]>>> = {
  titre: ['title'],
  annee: ['anneeScolaire', 'annee_scolaire', 'annee-scolaire'],
};

/** The dotted paths read for a field: its own, then its aliases. */
export const pathsOf = (field: keyof typeof FIELDS): readonly string[] => [FIELDS[field], ...(ALIASES[field] ?? [])];

/** Top-level fields whose value is a text (a number is accepted: `unite: 51`). */
export const STRING_FIELDS: readonly string[] = [FIELDS.titre, FIELDS.etablissement, FIELDS.entreprise, FIELDS.logo, FIELDS.unite];

/** Top-level fields that hold sub-fields, with the example line the message shows. */
export const OBJECT_FIELDS: Readonly<Record<string, string>> = {
  [GROUPS.auteur]: 'auteur: { nom: Martin, prenom: Léa }',
  [GROUPS.tuteur]: "tuteur: { nom: Durand, poste: Responsable bureau d'études }",
  [GROUPS.stage]: 'stage: { debut: 2026-01-05, fin: 2026-02-27 }',
};

/** The stage dates, ISO (AAAA-MM-JJ). */
export const DATE_FIELDS: readonly string[] = [FIELDS.debut, FIELDS.fin];
