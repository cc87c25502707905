// What every server feature gets: the connection, the open documents, settings per document
// and the latest analysis of each document version.

import type { ClientCapabilities, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, AnalysisSettings, ProfileRegistry, Rule } from '../../core/types';
import type { PositionEncoding } from '../positionEncoding';

export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  registry: ProfileRegistry;
  /** The rules the server analyses with (the host's list, server/src/rules). */
  rules: readonly Rule[];
  /** What the client said it supports (empty before initialize). */
  client(): ClientCapabilities;
  /** Commands the client implements itself (initialization option `clientCommands`). */
  clientCommands(): string[];
  /** The position encoding negotiated with the client (utf-16 before initialize). */
  positionEncoding(): PositionEncoding;
  /** Registers a command run on the server through workspace/executeCommand. */
  onCommand(name: string, run: (args: unknown[]) => Promise<unknown> | unknown): void;
  getSettings(uri: string): Promise<AnalysisSettings>;
  /** The analysis of the document's current version, computed now if needed; undefined for non-Markdown. */
  analysisOf(uri: string): Promise<AnalysisResult | undefined>;
  /** Called after each published analysis. */
  onDidAnalyze(listener: (uri: string, version: number, result: AnalysisResult) => void): void;
}

export function isMarkdown(doc: TextDocument): boolean {
  return doc.languageId === 'markdown' || /\.(md|markdown)$/i.test(doc.uri);
}
