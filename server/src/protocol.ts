// The protocol between the VS Code client and the language server, beyond LSP itself: request
// and notification names, their payload types and the command ids. Both sides import this
// module; it holds names and types only (type imports of the core), so the client bundles no
// analysis code through it.

import type { ReportPlan } from './core/model/plan';
import type { PagesSummary } from './core/model/summary';
import type { ExportFormat } from './export/formats';

/** Notification server → client after each analysis: page figures and plan of the document. */
export const SUMMARY_NOTIFICATION = 'rapport/summary';

export interface SummaryPayload {
  uri: string;
  version: number;
  bts: string | null;
  btsName: string | null;
  pages: PagesSummary;
  /** Expected sections in order, groups, page model description; null for a non-report. */
  plan: ReportPlan | null;
}

/** Request client → server: the plan of a document (`{ uri }` → `ReportPlan | null`). */
export const PLAN_REQUEST = 'rapport/plan';

/** Request client → server: the edit inserting a missing section (`{ uri, section }` → `WorkspaceEdit | null`). */
export const INSERT_SECTION_REQUEST = 'rapport/insertSection';

/** Request client → server: the competences of the report (MM). */
export const COMPETENCES_REQUEST = 'rapport/competences';

/** Request client → server: the class summary of several reports. */
export const CLASSE_REQUEST = 'rapport/classe';

export interface ClasseParams {
  /** The files, each with the path shown to the teacher (relative to the workspace folder). */
  files: { uri: string; label: string }[];
}

/** Request client → server: export the report (`ExportParams` → `ExportReply`), lsp/features/export.ts. */
export const EXPORT_REQUEST = 'rapport/export';

export interface ExportParams {
  uri: string;
  format: ExportFormat;
  /** Output file path; default: next to the report. */
  target?: string;
  force?: boolean;
}

export type ExportReply =
  | { ok: true; path: string; pages: number | null; warnings: string[] }
  | { ok: false; exists: boolean; path: string | null; message: string };

/** Debugging request: the server's process id and memory use (`{ gc?: boolean }` → `ServerStats`). */
export const STATS_REQUEST = 'rapport/stats';

export interface ServerStats {
  pid: number;
  memory: NodeJS.MemoryUsage;
  uptimeSeconds: number;
  documents: number;
  [key: string]: unknown;
}

/** Command ids. `breakdown` is also run by the server's CodeLens for clients that do not implement it. */
export const COMMANDS = {
  breakdown: 'rapportBts.showPageBreakdown',
  reveal: 'rapportBts.plan.reveal',
  insert: 'rapportBts.plan.insertSection',
  /** Client command run after a quick fix that inserts a skeleton: selects its first placeholder (`uri`, LSP range). */
  placeholder: 'rapportBts.selectPlaceholder',
} as const;
