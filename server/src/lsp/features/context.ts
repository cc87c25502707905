// What every server feature gets: the connection, the open documents, settings per document
// and the latest analysis of each document version.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, AnalysisSettings, ProfileRegistry } from '../../core/types';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  registry: ProfileRegistry;
  getSettings(uri: string): Promise<AnalysisSettings>;
  /** The analysis of the document's current version, computed now if needed; undefined for non-Markdown. */
  analysisOf(uri: string): Promise<AnalysisResult | undefined>;
  /** Called after each published analysis. */
  onDidAnalyze(listener: (uri: string, version: number, result: AnalysisResult) => void): void;
}

export function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || /\.(md|markdown)$/i.test(doc.uri);
}
