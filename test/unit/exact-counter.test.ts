// The exact-count scheduler of the language server (lsp/features/exact.ts) without a server:
// documents are opened and closed through the `current` callback it is given.

import { afterEach, describe, expect, it } from 'vitest';
import { ExactCounter } from '../../server/src/lsp/features/exact';
import type { AnalysisSettings } from '../../server/src/core/types';
import type { ChildProcess } from 'node:child_process';

const counters: ExactCounter[] = [];
afterEach(() => {
  for (const c of counters.splice(0)) c.dispose();
});

/** Settings read for a count and held until `answer`: `asked` resolves when they are asked for. */
function heldSettings() {
  let settingsAsked!: () => void;
  const asked = new Promise<void>((r) => (settingsAsked = r));
  let answer!: (s: AnalysisSettings) => void;
  const settings = new Promise<AnalysisSettings>((r) => (answer = r));
  const read = () => (settingsAsked(), settings);
  return { asked, answer: (s: AnalysisSettings) => answer(s), read };
}

describe('exact counts', () => {
  it('a document closed while its settings are read is not sent to the typesetting process', async () => {
    let open = true;
    const { asked, answer, read } = heldSettings();
    const logged: string[] = [];
    const counter = new ExactCounter(
      (uri) => (open && uri === 'file:///r.md' ? { version: 1, text: '# Introduction\n' } : undefined),
      read,
      () => undefined,
      (m) => logged.push(m),
      1,
    );
    counters.push(counter);
    counter.schedule('file:///r.md');
    await asked;
    // Closed while the settings are on their way.
    open = false;
    counter.forget('file:///r.md');
    answer({});
    await new Promise((r) => setTimeout(r, 20));
    expect(counter.hasWorker).toBe(false);
    expect(counter.stats.runs).toBe(0);
    expect(logged).toEqual([]);
  });

  it('the only document closed while it is being counted: the typesetting process ends once the count is answered', { timeout: 60_000 }, async () => {
    let open = true;
    const counter = new ExactCounter(
      (uri) => (open && uri === 'file:///seul.md' ? { version: 1, text: '---\nbts: cpi\n---\n\n# Introduction\n\nTexte.\n' } : undefined),
      async () => ({}),
      () => undefined,
      () => undefined,
      1,
    );
    counters.push(counter);
    counter.schedule('file:///seul.md');
    for (let i = 0; i < 500 && !counter.hasWorker; i++) await new Promise((r) => setTimeout(r, 10));
    expect(counter.hasWorker).toBe(true);
    // Closed during the count: the worker is busy, so it cannot go yet.
    open = false;
    counter.forget('file:///seul.md');
    for (let i = 0; i < 600 && counter.stats.runs < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(counter.stats.runs).toBe(1);
    expect(counter.hasWorker).toBe(false);
  });

  it('a document typed in while its settings are read: the text counted is the one open when the count is sent', { timeout: 60_000 }, async () => {
    const first = '---\nbts: cpi\n---\n\n# Introduction\n\nTexte.\n';
    const typed = first + '\nUne phrase de plus.\n';
    let doc = { version: 1, text: first };
    const { asked, answer, read } = heldSettings();
    const shown: string[] = [];
    const counter = new ExactCounter(
      (uri) => (uri === 'file:///frappe.md' ? doc : undefined),
      read,
      (uri) => shown.push(uri),
      () => undefined,
      1,
    );
    counters.push(counter);
    counter.schedule('file:///frappe.md');
    await asked;
    // A keystroke while the settings are on their way (its own count is still a pause away).
    doc = { version: 2, text: typed };
    answer({});
    for (let i = 0; i < 600 && counter.stats.runs < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(counter.stats.runs).toBe(1);
    // The figures are those of the text open now: before, the text read before the settings was
    // sent, its figures were refused as stale and the status bar kept its estimate.
    expect(shown).toEqual(['file:///frappe.md']);
    expect(counter.settingsFor('file:///frappe.md', {}, typed).exactPages).toBeDefined();
    expect(counter.settingsFor('file:///frappe.md', {}, first).exactPages).toBeUndefined();
  });

  it('disposed while a count reads its settings: no typesetting process is started afterwards', async () => {
    const { asked, answer, read } = heldSettings();
    const counter = new ExactCounter(
      () => ({ version: 1, text: '# Introduction\n' }),
      read,
      () => undefined,
      () => undefined,
      1,
    );
    counters.push(counter);
    counter.schedule('file:///fin.md');
    await asked;
    counter.dispose(); // the server shuts down
    answer({});
    await new Promise((r) => setTimeout(r, 50));
    expect(counter.hasWorker).toBe(false);
    expect(counter.stats.runs).toBe(0);
  });

  it('the idle typesetting process ends while the next count reads its settings: no failure, the count goes to a new one', { timeout: 60_000 }, async () => {
    const text = '---\nbts: cpi\n---\n\n# Introduction\n\nTexte.\n';
    let hold = false;
    const { asked, answer, read } = heldSettings();
    const counter = new ExactCounter(
      (uri) => ({ version: 1, text: uri.endsWith('b.md') ? text + '\nAutre.\n' : text }),
      async () => (hold ? read() : {}),
      () => undefined,
      () => undefined,
      1,
    );
    counters.push(counter);
    counter.schedule('file:///a.md');
    for (let i = 0; i < 600 && counter.stats.runs < 1; i++) await new Promise((r) => setTimeout(r, 100));
    expect(counter.stats.runs).toBe(1);
    hold = true;
    counter.schedule('file:///b.md');
    await asked;
    // The worker, idle, ends now (killed, out of memory…).
    const worker = (counter as unknown as { worker: ChildProcess }).worker;
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill();
    await exited;
    answer({});
    for (let i = 0; i < 600 && counter.stats.runs < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(counter.stats.runs).toBe(2);
    expect(counter.stats.failures).toBe(0);
  });
});
