// The `rapport/classe` request between the VS Code client and the server (lsp/features/classe.ts).
// Kept apart so that the client bundles these names and nothing of the analysis.

export const CLASSE_REQUEST = 'rapport/classe';

export interface ClasseParams {
  /** The files, each with the path shown to the teacher (relative to the workspace folder). */
  files: { uri: string; label: string }[];
}
