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
  | { kind: 'lines'; n: number; pitch: number; after: number; keep: number }
  /** An unbreakable box. */
  | { kind: 'box'; height: number; after: number }
  /** A heading: `before` is dropped at the top of a page; stays with the start of the next item. */
  /**
   * A heading: `before` is its space above, counted from where the previous block's own spacing
   * ends (dropped at the top of a page); spacing between two blocks collapses — the larger one
   * wins — so after another heading only the excess over that heading's `after` is added.
   */
  | { kind: 'heading'; height: number; before: number; after: number }
  /** Table rows: a row may break between its lines (as in Typst and Word), never inside one. */
  | { kind: 'rows'; heights: number[]; pitch: number; after: number };

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
        return Math.min(it.n, it.keep) * it.pitch;
      case 'box':
        return it.height;
      case 'heading':
        return it.height;
      case 'rows':
        return it.heights[0] ?? 0;
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
        for (const h of it.heights) {
          let left = h;
          while (left > free() + EPS) {
            const k = Math.floor((free() + EPS) / it.pitch);
            if (k >= 1 && left - k * it.pitch > EPS) {
              if (start < 0) start = this.pos;
              this.y += k * it.pitch;
              left -= k * it.pitch;
            } else if (this.y <= EPS) break; // a line taller than the page
            this.page++;
            this.y = 0;
          }
          if (start < 0) start = this.pos;
          this.advance(left);
        }
        if (start < 0) start = this.pos;
        this.space(it.after);
        return start;
      }
      case 'lines': {
        let left = it.n;
        let start = -1;
        while (left > 0) {
          let fit = Math.floor((free() + EPS) / it.pitch);
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
export function keepAfter(flat: Item[], from: number): number {
  let h = 0;
  for (let i = from; i < flat.length; i++) {
    const it = flat[i]!;
    if (it.kind === 'heading') {
      h += it.height + it.after + Math.max(0, it.before);
      continue;
    }
    if (it.kind === 'break' || it.kind === 'fullPage') return h;
    return h + Flow.minStart(it);
  }
  return h;
}

