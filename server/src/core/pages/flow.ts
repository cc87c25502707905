// The flow simulator of the page estimate: items (text lines, unbreakable boxes, headings,
// table rows, page breaks) placed down pages of a given text height, as a typesetter does —
// paragraphs break between lines with no single line left alone at the top or bottom of a page,
// boxes and table rows do not break inside, a heading stays with the start of what follows,
// spacing between two blocks collapses (the larger wins). Positions are in pages: page index +
// fraction of the text height.

// --- the flow -------------------------------------------------------------------------

export type Item =
  | { kind: 'break' }
  | { kind: 'fullPage' }
  /** `n` lines of pitch `pitch` that may break between lines; `after` = space after. */
  /**
   * `n` lines of pitch `pitch` that may break between lines; `after` = space after; `lead` = the
   * part of the pitch below a line's box (the gap to the next line), not needed by the last
   * line of a page.
   */
  | { kind: 'lines'; n: number; pitch: number; after: number; keep: number; lead?: number }
  /** An unbreakable box. */
  | { kind: 'box'; height: number; after: number }
  /** A heading: `before` is dropped at the top of a page; stays with the start of the next item. */
  /**
   * A heading: `before` is its space above, counted from where the previous block's own spacing
   * ends (dropped at the top of a page); spacing between two blocks collapses — the larger one
   * wins — so after another heading only the excess over that heading's `after` is added.
   */
  | { kind: 'heading'; height: number; before: number; after: number }
  /**
   * Table rows: a row is not split across pages (it moves to the next one whole).
   * `header`: the first row is a header, repeated at the top of each page the table continues
   * on and never left alone at the bottom of a page (Typst's `table.header`).
   */
  | { kind: 'rows'; heights: number[]; pitch: number; after: number; header?: boolean };

export const EPS = 1e-6;

export class Flow {
  page = 0;
  y = 0;
  /** Position at the end of the content of the last placed item (before its space after). */
  lastEnd = 0;
  /** Space consumed after the last item: a heading's `after`, otherwise a block gap. */
  private lastGap: number;
  constructor(
    readonly height: number,
    /** Spacing after a paragraph or a block (paragraph spacing + line gap). */
    readonly blockGap: number,
  ) {
    this.lastGap = blockGap;
  }

  get pos(): number {
    return this.page + this.y / this.height;
  }

  newPage(): void {
    if (this.y > EPS) {
      this.page++;
      this.y = 0;
    }
  }

  private space(after: number): void {
    this.lastEnd = this.pos;
    this.y += after;
    if (this.y >= this.height - EPS) {
      this.page++;
      this.y = 0;
    }
  }

  private advance(h: number): void {
    this.y += h;
    while (this.y > this.height + EPS) {
      this.page++;
      this.y -= this.height;
    }
  }

  /** Height the start of an item needs on the current page (for keep-with-next). */
  static minStart(it: Item | undefined): number {
    if (!it) return 0;
    switch (it.kind) {
      case 'lines':
        return Math.min(it.n, it.keep) * it.pitch - (it.lead ?? 0);
      case 'box':
        return it.height;
      case 'heading':
        return it.height;
      case 'rows':
        return (it.heights[0] ?? 0) + (it.header && it.heights.length > 1 ? it.pitch : 0);
      default:
        return 0;
    }
  }

  /**
   * Places an item; returns the position of its first content. `keep` is the height the start
   * of what follows needs on the same page (a heading stays with it).
   */
  place(it: Item, keep: number): number {
    const free = () => this.height - this.y;
    if (it.kind !== 'heading') this.lastGap = this.blockGap;
    switch (it.kind) {
      case 'break':
        this.lastEnd = Math.max(this.lastEnd, 0);
        this.newPage();
        return this.pos;
      case 'fullPage': {
        this.newPage();
        const start = this.pos;
        this.page++;
        this.lastEnd = this.pos;
        return start;
      }
      case 'box': {
        if (this.y > EPS && it.height > free() + EPS) this.newPage();
        const start = this.pos;
        this.advance(it.height);
        this.space(it.after);
        return start;
      }
      case 'heading': {
        const extra = () => (this.y > EPS ? Math.max(0, this.blockGap + it.before - this.lastGap) : 0);
        const need = extra() + it.height + it.after + keep;
        if (this.y > EPS && need > free() + EPS) this.newPage();
        this.y += extra();
        const start = this.pos;
        this.advance(it.height);
        this.space(it.after);
        this.lastGap = it.after;
        return start;
      }
      case 'rows': {
        let start = -1;
        const head = it.header && it.heights.length > 1 ? it.heights[0]! : 0;
        if (this.y > EPS && Flow.minStart(it) > free() + EPS) this.newPage();
        const nextPage = (row: number) => {
          this.page++;
          this.y = row > 0 ? head : 0;
        };
        it.heights.forEach((h, row) => {
          // A row that does not fit moves whole to the next page (measured on the export: Typst
          // does not split these rows); only a row taller than a page breaks, page by page.
          if (this.y > head + EPS && h > free() + EPS) nextPage(row);
          if (start < 0) start = this.pos;
          this.advance(h);
        });
        if (start < 0) start = this.pos;
        this.space(it.after);
        return start;
      }
      case 'lines': {
        let left = it.n;
        let start = -1;
        while (left > 0) {
          let fit = Math.floor((free() + (it.lead ?? 0) + EPS) / it.pitch);
          if (fit >= left) {
            if (start < 0) start = this.pos;
            this.y += left * it.pitch;
            left = 0;
            break;
          }
          // Orphan: fewer than `keep` lines would stay at the bottom; widow: fewer than `keep` would move.
          if (left - fit < it.keep && left > it.keep) fit = left - it.keep;
          if (fit < Math.min(it.keep, left)) fit = 0;
          if (fit > 0) {
            if (start < 0) start = this.pos;
            this.y += fit * it.pitch;
            left -= fit;
          }
          if (this.y <= EPS && fit === 0) {
            // A line taller than the page: place it anyway.
            if (start < 0) start = this.pos;
            this.advance(it.pitch);
            left--;
          }
          if (left > 0) {
            this.page++;
            this.y = 0;
          }
        }
        if (start < 0) start = this.pos;
        this.space(it.after);
        return start;
      }
    }
  }
}

/** What must follow a heading on its page: the next headings (a chain moves together) and the start of the next block. */
export function keepAfter(flat: Item[], from: number, blockGap: number): number {
  let h = 0;
  const prev = flat[from - 1];
  let prevAfter = prev?.kind === 'heading' ? prev.after : blockGap;
  for (let i = from; i < flat.length; i++) {
    const it = flat[i]!;
    if (it.kind === 'heading') {
      // The same collapsed spacing as `place` adds above a heading that follows a heading.
      h += it.height + it.after + Math.max(0, blockGap + it.before - prevAfter);
      prevAfter = it.after;
      continue;
    }
    if (it.kind === 'break' || it.kind === 'fullPage') return h;
    return h + Flow.minStart(it);
  }
  return h;
}

