// The typesetting engine: Typst through typst.ts's native Node addon
// (@myriaddreamin/typst-ts-node-compiler; bench/results/typst-engines.md says why not the
// WebAssembly build). Loaded lazily, once per process: the packaged extension carries the addon
// for its platform in dist/typst/ (scripts/build.mjs), the npm package takes it from its
// dependency. Fonts come from the files shipped with the extension (Liberation, export/fonts
// in the build), so the result does not depend on the fonts installed.

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ADDONS from './addons.json';
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

/** napi triple of a platform: `linux-x64-gnu`, `win32-x64-msvc`, `darwin-arm64`… (the addon's file name). */
export function platformTriple(platform: string = process.platform, arch: string = process.arch, musl: boolean = isMusl()): string {
  if (platform === 'linux') {
    if (arch === 'arm') return `linux-arm-${musl ? 'musleabihf' : 'gnueabihf'}`;
    return `linux-${arch}-${musl ? 'musl' : 'gnu'}`;
  }
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function isMusl(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
    return !report?.header?.glibcVersionRuntime;
  } catch {
    return false;
  }
}

/** The addon's file name for a triple, as the packages ship it and the .vsix holds it (dist/typst/). */
export const addonFileName = (triple: string) => `typst-ts-node-compiler.${triple}.node`;

/** The .vsix target (vsce --target) whose package carries the addon of this triple, if any. */
export function vsixTargetOf(triple: string): string | undefined {
  return Object.entries(ADDONS.targets).find(([, t]) => t === triple)?.[0];
}

// `require` that esbuild leaves alone (the addon is a native file, not bundled).
declare const __non_webpack_require__: NodeRequire | undefined;
const nodeRequire: NodeRequire = typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : require;

/**
 * The engine's addon for this platform: the file the .vsix ships in dist/typst/ (one platform's,
 * scripts/package.mjs), else the npm dependency (the CLI installed with npm, the sources).
 * Throws a French message saying which platform is missing.
 */
export function loadAddon(dirs: string[] = [join(__dirname, 'typst'), join(__dirname, '..', 'typst')], triple: string = platformTriple(), load: (id: string) => unknown = nodeRequire): Addon {
  const errors: string[] = [];
  const shipped: string[] = [];
  for (const dir of dirs) {
    const file = join(dir, addonFileName(triple));
    if (existsSync(file)) {
      try {
        return load(file) as Addon;
      } catch (e) {
        errors.push(`${file} : ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    try {
      shipped.push(...readdirSync(dir).filter((f) => f.endsWith('.node')));
    } catch {
      /* no such folder */
    }
  }
  if (errors.length) throw new Error(`le moteur de mise en page Typst n'a pas pu être chargé sur ce système (${triple}) : ${errors.join(' ; ')}`);
  try {
    return load(ADDONS.package) as Addon;
  } catch {
    /* not installed with npm either */
  }
  const target = vsixTargetOf(triple);
  const forOther = shipped.length ? ` ; cette copie de l'extension contient celui de ${shipped.map((f) => f.replace(/^typst-ts-node-compiler\.|\.node$/g, '')).join(', ')}` : '';
  throw new Error(
    `le moteur de mise en page Typst n'est pas fourni pour ce système (${triple})${forOther}. ` +
      (target ? `Installez l'extension publiée pour ${target} (fichier .vsix « ${target} »).` : "Ce système n'est pas pris en charge par l'export : l'estimation des pages reste disponible."),
  );
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

  /**
   * Drops Typst's memo cache, if an engine was started: for a batch of different reports
   * (`classe --exact`), where the cache typeset() keeps for re-typesetting an edited report only
   * grows (30 reports: ~850 MB of resident memory instead of ~480).
   */
  static evictAll(): void {
    TypstEngine.instance?.compiler.evictCache(0);
  }

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
