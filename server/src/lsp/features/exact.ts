// Exact page counts in the editor: about a second after the last change of a report, its text
// goes to the typesetting worker (dist/typst-worker.js, export/worker.ts); when the figures of
// the version still open come back, the document is analysed again with them
// (settings.exactPages), and the status bar, CodeLens, Plan, page breakdown, page-budget and
// section-budget show them without "≈". Typing goes on in this thread meanwhile: the worker
// never delays diagnostics; a new change simply makes the figures estimates again until the
// next pause.

import { existsSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fork, type ChildProcess } from 'node:child_process';
import type { AnalysisSettings, ExactPages } from '../../core/types';
import type { ExactRequest, ExactResponse, ForgetRequest } from '../../export/worker';

export const DEFAULT_EXACT_DELAY_MS = 1000;

/**
 * Counts typeset by one worker before it is replaced by a fresh one: the Typst engine's native
 * memory grows with every compilation of a new text (2–5 MB each on a 30-page report, whatever
 * its cache eviction; 10–25 MB with the worker's own heap), and only ending the process gives it
 * back — a worker *thread* ended left it in the server's RSS (400 MB after a few hundred edits).
 * So the worker is a child process (dist/typst-worker.js over IPC), replaced after this many
 * counts and ended when no document is left to count; a new one costs a font load.
 */
export const DEFAULT_RECYCLE_RUNS = 20;

/** Settings that can cross to the worker: no functions (the worker reads the images itself), no exact figures. */
function plainSettings(settings: AnalysisSettings): AnalysisSettings {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) if (typeof v !== 'function' && k !== 'exactPages') out[k] = v;
  return out as AnalysisSettings;
}

function workerScript(): string | undefined {
  for (const p of [join(__dirname, 'typst-worker.js'), join(__dirname, '..', '..', '..', '..', 'dist', 'typst-worker.js')]) if (existsSync(p)) return p;
  return undefined;
}

export interface ExactStats {
  lastMs: number | null;
  lastUri: string | null;
  runs: number;
  failures: number;
  enabled: boolean;
  /** Workers ended after DEFAULT_RECYCLE_RUNS counts (their memory given back). */
  recycled: number;
  /** Documents whose analyzer the worker held after its last answer (closed ones are forgotten). */
  workerDocuments: number | null;
}

export class ExactCounter {
  private worker: ChildProcess | undefined;
  /** RAPPORT_BTS_EXACT=off: estimates only (benchmarks compare with and without). */
  private disabled = process.env.RAPPORT_BTS_EXACT === 'off';
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Latest exact figures per document, with the text they were counted on. */
  private readonly figures = new Map<string, { text: string; pages: ExactPages }>();
  private busy: string | null = null;
  /** Whether the busy document's request went to the worker (false while its settings are read). */
  private sent = false;
  /** dispose() was called: no worker is started again. */
  private disposed = false;
  private readonly pending = new Set<string>();
  private nextId = 1;
  /** Counts typeset by the current worker (see DEFAULT_RECYCLE_RUNS). */
  private runsOnWorker = 0;
  private readonly recycleRuns = Number(process.env.RAPPORT_BTS_EXACT_RECYCLE) > 0 ? Number(process.env.RAPPORT_BTS_EXACT_RECYCLE) : DEFAULT_RECYCLE_RUNS;
  /** Export requests waiting for their PDF, by request id. */
  private readonly exports = new Map<number, (res: ExactResponse) => void>();
  private readonly exportQueue: ExactRequest[] = [];
  readonly stats: ExactStats = { lastMs: null, lastUri: null, runs: 0, failures: 0, enabled: true, recycled: 0, workerDocuments: null };

  constructor(
    private readonly current: (uri: string) => { version: number; text: string } | undefined,
    private readonly settingsOf: (uri: string) => Promise<AnalysisSettings>,
    private readonly onFigures: (uri: string) => void,
    private readonly log: (msg: string) => void,
    private readonly delayMs = Number(process.env.RAPPORT_BTS_EXACT_DELAY_MS) > 0 ? Number(process.env.RAPPORT_BTS_EXACT_DELAY_MS) : DEFAULT_EXACT_DELAY_MS,
  ) {}

  /** Whether a typesetting process runs now. */
  get hasWorker(): boolean {
    return this.worker !== undefined;
  }

  /** Whether the figures of this very text are known already. */
  private counted(uri: string, text: string): boolean {
    return this.figures.get(uri)?.text === text;
  }

  /** The settings with the exact figures of this text, when they are known. */
  settingsFor(uri: string, settings: AnalysisSettings, text: string): AnalysisSettings {
    const f = this.figures.get(uri);
    return f && f.text === text ? { ...settings, exactPages: f } : settings;
  }

  /** A change (or an open): count again after the pause. */
  schedule(uri: string): void {
    if (this.disabled) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.pending.add(uri);
        void this.pump();
      }, this.delayMs),
    );
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.pending.delete(uri);
    this.figures.delete(uri);
    // The worker drops the document's analyzer (its tree and memos); with nothing left to
    // count, the worker itself (its engine) goes.
    if (this.worker?.connected) this.worker.send({ forget: uri } satisfies ForgetRequest);
    this.retireWhenNothingScheduled();
  }

  /** With no count scheduled, the worker (its engine) goes once it is idle (retireIdleWorker). */
  private retireWhenNothingScheduled(): void {
    if (this.timers.size === 0 && this.pending.size === 0) this.retireIdleWorker();
  }

  /** Ends the worker when it has nothing to do (no count running, no export waiting); the next request starts a new one. */
  private retireIdleWorker(): void {
    if (!this.worker || this.busy || this.exports.size > 0 || this.exportQueue.length > 0) return;
    const w = this.worker;
    this.worker = undefined;
    this.runsOnWorker = 0;
    this.stats.workerDocuments = null;
    w.kill();
  }

  /** Settings changed: every figure is recounted. */
  resetAll(uris: string[]): void {
    this.figures.clear();
    for (const u of uris) this.schedule(u);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    const w = this.worker;
    this.worker = undefined;
    w?.kill();
  }

  private ensureWorker(): ChildProcess | undefined {
    if (this.disposed) return undefined;
    if (this.worker || this.disabled) return this.worker;
    const script = workerScript();
    if (!script) {
      this.disabled = true;
      this.stats.enabled = false;
      this.log('rapport-bts: typst-worker.js not found: exact page counts are off');
      return undefined;
    }
    // No flags of the server (--inspect, --expose-gc) and no stdio: only the IPC channel, whose
    // 'advanced' serialization carries the PDF bytes as they are.
    const w = fork(script, [], { execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' });
    // Below the server's priority: on a busy machine a recount takes the CPU the diagnostics
    // of the next keystroke do not need (bench/edit-during-recount.mjs). RAPPORT_BTS_EXACT_PRIORITY=normal
    // keeps the server's (the bench compares both).
    if (w.pid !== undefined && process.env.RAPPORT_BTS_EXACT_PRIORITY !== 'normal') {
      try {
        setPriority(w.pid, constants.priority.PRIORITY_BELOW_NORMAL);
      } catch {
        /* not allowed here: the same priority as the server */
      }
    }
    // Neither the process nor its channel keeps the server alive.
    w.unref();
    w.channel?.unref();
    w.on('message', (res: ExactResponse) => {
      if (this.worker === w) this.done(res);
    });
    w.on('error', (e) => this.log(`rapport-bts: typesetting worker failed: ${e.stack ?? String(e)}`));
    w.on('exit', () => {
      // A worker retired while idle (retireIdleWorker) leaves the current one's work alone.
      if (this.worker !== w) return;
      this.worker = undefined;
      this.stats.workerDocuments = null;
      // A count sent and never answered failed; one still reading its settings goes on, with a
      // new worker.
      if (this.busy && this.sent) {
        this.stats.failures++;
        this.busy = null;
        this.sent = false;
      }
      // Exports waiting on a dead worker get an answer; the next request starts a new worker.
      for (const [id, resolve] of this.exports) resolve({ id, uri: '', version: -1, ok: false, error: 'le processus de mise en page s’est arrêté' });
      this.exports.clear();
    });
    this.worker = w;
    return w;
  }

  /**
   * Typesets a text into a PDF in the worker (the export command; `pdf: false`, the figures only:
   * the Word export's sommaire). The figures it gives are the exact figures of that text too.
   */
  exportPdf(uri: string, version: number, text: string, settings: AnalysisSettings, file: string | null, options: { pdf?: boolean } = {}): Promise<ExactResponse> {
    const req: ExactRequest = { id: this.nextId++, uri, version, text, settings: plainSettings(settings), file, pdf: options.pdf ?? true };
    return new Promise((resolve) => {
      this.exports.set(req.id, resolve);
      this.exportQueue.push(req);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.busy || this.disabled) {
      if (this.disabled) for (const req of this.exportQueue.splice(0)) this.exports.get(req.id)?.({ id: req.id, uri: req.uri, version: req.version, ok: false, error: 'moteur de mise en page indisponible' });
      return;
    }
    const queued = this.exportQueue.shift();
    if (queued) {
      const w = this.ensureWorker();
      if (!w) return void this.pump();
      this.busy = queued.uri;
      this.sent = true;
      w.send(queued);
      return;
    }
    const uri = this.pending.values().next().value as string | undefined;
    if (uri === undefined) return;
    this.pending.delete(uri);
    const doc = this.current(uri);
    if (!doc) return;
    if (this.counted(uri, doc.text)) return void this.pump();
    this.busy = uri;
    let settings: AnalysisSettings;
    try {
      settings = await this.settingsOf(uri);
    } catch {
      settings = {};
    }
    // Closed while its settings were read: nothing to count (a request now would bring its
    // analyzer back in the worker after the forget was sent). Still open: the text counted is
    // the one open now, which may have changed while the settings were read.
    const now = this.current(uri);
    if (this.disposed) {
      this.busy = null;
      return;
    }
    if (!now) {
      this.busy = null;
      this.retireWhenNothingScheduled();
      return void this.pump();
    }
    if (this.counted(uri, now.text)) {
      this.busy = null;
      return void this.pump();
    }
    const plain = plainSettings(settings);
    let file: string | null = null;
    if (uri.startsWith('file:')) {
      try {
        file = fileURLToPath(uri);
      } catch {
        file = null;
      }
    }
    const w = this.ensureWorker();
    if (!w) {
      this.busy = null;
      return;
    }
    const req: ExactRequest = { id: this.nextId++, uri, version: now.version, text: now.text, settings: plain, file };
    this.sent = true;
    w.send(req);
  }

  private done(res: ExactResponse): void {
    this.busy = null;
    this.sent = false;
    this.stats.runs++;
    this.runsOnWorker++;
    if (res.documents !== undefined) this.stats.workerDocuments = res.documents;
    // A document closed after its request was sent (an export queued behind a count): the
    // worker made its analyzer again after the forget; it forgets it now.
    const closed = res.uri !== '' && !this.current(res.uri);
    if (closed && this.worker?.connected) {
      this.worker.send({ forget: res.uri } satisfies ForgetRequest);
      if (this.stats.workerDocuments !== null) this.stats.workerDocuments = Math.max(0, this.stats.workerDocuments - 1);
    }
    const waiting = this.exports.get(res.id);
    if (waiting) {
      this.exports.delete(res.id);
      waiting(res);
    }
    if (res.ok) {
      this.stats.lastMs = res.ms;
      this.stats.lastUri = res.uri;
      const doc = this.current(res.uri);
      // Only the figures of the text still open are used (the text is compared, not just the version).
      if (doc && doc.version === res.version) {
        this.figures.set(res.uri, { text: doc.text, pages: res.pages });
        this.onFigures(res.uri);
      }
    } else if (res.skipped) {
      // Not counted on purpose (a report not read in full): no figures of an earlier text stay shown.
      if (this.figures.delete(res.uri)) this.onFigures(res.uri);
    } else {
      this.stats.failures++;
      this.log(`rapport-bts: exact page count failed for ${res.uri}: ${res.error}`);
      if (/indisponible/.test(res.error)) {
        this.disabled = true;
        this.stats.enabled = false;
      }
    }
    // Closed while it was being counted: forget() could not retire a busy worker; it goes now
    // if nothing else is scheduled.
    if (closed) this.retireWhenNothingScheduled();
    if (this.runsOnWorker >= this.recycleRuns) {
      this.retireIdleWorker();
      if (!this.worker) this.stats.recycled++;
    }
    void this.pump();
  }
}
