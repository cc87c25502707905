// The typesetting engine: Typst through typst.ts's native Node addon
// (@myriaddreamin/typst-ts-node-compiler; bench/results/typst-engines.md says why not the
// WebAssembly build). Loaded lazily, once per process: the packaged extension carries the addon
// for its platform in dist/typst/ (scripts/build.mjs), the npm package takes it from its
// dependency. Fonts come from the files shipped with the extension (Liberation, export/fonts
// in the build), so the result does not depend on the fonts installed.

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POSITIONS_LABEL, readPositions, type Positions } from './typst';

/** The part of the addon's API used here (index-napi.d.ts of typst-ts-node-compiler 0.7.0). */
interface NodeError {
  shortDiagnostics?: { message: string }[];
}
interface CompileResult {
  result: { numOfPages: number } | null;
  takeError(): NodeError | null;
}
interface NodeCompiler {
  compile(opts: { mainFileContent: string }): CompileResult;
  query(doc: unknown, args: { selector: string; field?: string }): unknown[];
  pdf(doc: unknown, opts?: { creationTimestamp?: number }): Buffer;
  mapShadow(path: string, content: Buffer): void;
  resetShadow(): void;
  fetchDiagnostics(err: NodeError): { message: string }[];
  evictCache(maxAge: number): void;
}
interface Addon {
  NodeCompiler: { create(args: { workspace: string; fontArgs: { fontBlobs: Buffer[] }[] }): NodeCompiler };
}

export interface TypesetResult {
  /** Number of pages of the document. */
  pages: number;
  positions: Positions;
  /** The PDF, when asked for. */
  pdf?: Buffer;
}

/** Folders where the shipped font files may be, from the bundle (dist/) or the sources. */
function fontDirs(): string[] {
  return [join(__dirname, 'fonts'), join(__dirname, '..', 'fonts'), join(__dirname, '..', '..', 'fonts'), join(__dirname, '..', '..', 'server', 'fonts')];
}

export function shippedFonts(): Buffer[] {
  for (const dir of fontDirs()) {
    if (!existsSync(dir)) continue;
    const files = readdirSync(dir).filter((f) => /\.(ttf|otf)$/i.test(f));
    if (files.length > 0) return files.sort().map((f) => readFileSync(join(dir, f)));
  }
  return [];
}

function platformTriple(): string {
  const { platform, arch } = process;
  if (platform === 'linux') {
    let musl = false;
    try {
      const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
      musl = !report?.header?.glibcVersionRuntime;
    } catch {
      musl = false;
    }
    return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

// `require` that esbuild leaves alone (the addon is a native file, not bundled).
declare const __non_webpack_require__: NodeRequire | undefined;
const nodeRequire: NodeRequire = typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : require;

function loadAddon(): Addon {
  const triple = platformTriple();
  const errors: string[] = [];
  for (const dir of [join(__dirname, 'typst'), join(__dirname, '..', 'typst')]) {
    const file = join(dir, `typst-ts-node-compiler.${triple}.node`);
    if (existsSync(file)) return nodeRequire(file) as Addon;
  }
  try {
    return nodeRequire('@myriaddreamin/typst-ts-node-compiler') as Addon;
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
  }
  throw new Error(`moteur de mise en page Typst indisponible pour cette plate-forme (${triple}) : ${errors.join(' ; ')}`);
}

export class TypstEngine {
  private compiler: NodeCompiler;
  private mapped = new Map<string, Buffer>();

  private constructor(addon: Addon) {
    const workspace = join(tmpdir(), 'rapport-bts-typst');
    mkdirSync(workspace, { recursive: true });
    this.workspace = workspace;
    this.compiler = addon.NodeCompiler.create({ workspace, fontArgs: [{ fontBlobs: shippedFonts() }] });
  }
  private workspace: string;

  private static instance: TypstEngine | undefined;
  /** The engine of this process (throws a French message when the addon cannot load). */
  static get(): TypstEngine {
    TypstEngine.instance ??= new TypstEngine(loadAddon());
    return TypstEngine.instance;
  }

  /**
   * Typesets a Typst source with its virtual files (images: path inside the source → bytes).
   * Throws an Error with a French message when Typst reports an error.
   */
  typeset(source: string, files: Map<string, Buffer>, wantPdf: boolean): TypesetResult {
    const c = this.compiler;
    const same = files.size === this.mapped.size && [...files].every(([p, b]) => this.mapped.get(p) === b);
    if (!same) {
      c.resetShadow();
      for (const [p, b] of files) c.mapShadow(join(this.workspace, p), b);
      this.mapped = new Map(files);
    }
    const r = c.compile({ mainFileContent: source });
    const doc = r.result;
    if (!doc) {
      const err = r.takeError();
      let detail = '';
      try {
        detail = err ? c.fetchDiagnostics(err).map((d) => d.message).join(' ; ') : '';
      } catch {
        detail = '';
      }
      throw new Error(`la mise en page a échoué${detail ? ` (${detail})` : ''}`);
    }
    const value = c.query(doc, { selector: `<${POSITIONS_LABEL}>`, field: 'value' })[0];
    const out: TypesetResult = { pages: doc.numOfPages, positions: readPositions(value) };
    if (wantPdf) out.pdf = c.pdf(doc);
    // Keep the memo cache bounded across many edits (typst.ts advises 30 for watch tools).
    c.evictCache(30);
    return out;
  }
}
