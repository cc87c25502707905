// Body / annex accounting of the page estimate and of the export: which sections stay outside
// the body page count (annexes, English documents), as the BTS counts, and what the export does
// to the flow around them — the page-break rules and titles the estimate must follow to count
// the pages of the document handed in (export/document.ts builds that document; `exportLayout`
// states the same rules for the estimate, and the calibration test holds both to the same
// figures).

import type { Heading, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fact } from '../facts';
import { idWithRole } from '../model/roles';
import { normalizeHeading } from '../text/normalize';
import type { ReportModel, Section } from '../types';

/**
 * Sections outside the body count: the profile's `outsideBody` sections (annexes, English
 * documents) and, for every BTS, any section titled "Annexe(s)…" even if the profile does not
 * list one.
 */
export function outsideBodySections(model: ReportModel): Section[] {
  if (!model.profile) return [];
  const outsideIds = new Set(model.profile.sections.filter((s) => s.outsideBody).map((s) => s.id));
  const out = model.recognized.filter((r) => outsideIds.has(r.id)).map((r) => r.section);
  const visit = (s: Section) => {
    if (/^annexes?\b/.test(s.heading.normalized) && !out.includes(s)) out.push(s);
    else s.children.forEach(visit);
  };
  model.sections.forEach(visit);
  return out;
}

/**
 * The sections of `list` that no other one contains, by offsets (a section standing for several
 * headings — the English documents filed in the annexes — shares its heading with another).
 */
export function outermostSections(list: Section[]): Section[] {
  const contains = (o: Section, s: Section) => o.heading.startOffset <= s.heading.startOffset && o.endOffset >= s.endOffset;
  const same = (o: Section, s: Section) => o.heading.startOffset === s.heading.startOffset && o.endOffset === s.endOffset;
  return list.filter((s, i) => !list.some((o, j) => o !== s && contains(o, s) && (!same(o, s) || j < i)));
}

/** Titles of a hand-written sommaire section (its content is replaced by the generated one). */
export const SOMMAIRE_TITLES: ReadonlySet<string> = new Set(['sommaire', 'table des matieres', 'table matieres']);
/** "Annexe 2 :", "Annexe B -", "Annexe n° 3." at the start of an annex title. */
export const ANNEX_PREFIX = /^\s*annexe\s+(?:n\s*°\s*)?(?:\d+|[A-Z]|[IVXLC]+)\b\s*[:.\-–—)]?\s*/i;

/** How the export lays out the headings of a report (the rules of export/document.ts). */
export interface ExportLayout {
  /**
   * Headings that start a new page whatever their level: each annexes / English documents
   * section and each sub-section right below it (one annex, one document per page).
   */
  newPage: ReadonlySet<Heading>;
  /** Heading text as the export writes it, where it differs ("Annexe 2 : …"). */
  title: ReadonlyMap<Heading, string>;
  /** The heading of the sommaire section: its content is replaced by the generated table of contents. */
  sommaire: Heading | null;
  /** Every sommaire heading (the first gets the generated table of contents; none is in it). */
  sommaires: ReadonlySet<Heading>;
  /** Top-level blocks inside the sommaire section (not in the export). */
  replaced: ReadonlySet<RootContent>;
  /** Headings inside the annexes / English documents (outside the body page count). */
  outsideBody: ReadonlySet<Heading>;
  /** The profile section id each recognised heading stands for. */
  sectionId: ReadonlyMap<Heading, string>;
  /** Entries of the generated table of contents (headings of level ≤ 3, as the export titles them). */
  tocEntries: readonly { level: number; text: string }[];
}

function isInside(s: Section, outer: Section): boolean {
  for (let p: Section | undefined = s; p; p = p.parent) if (p === outer) return true;
  return false;
}

export function exportLayout(model: ReportModel): ExportLayout {
  return fact(model, 'export-layout', () => {
    const sectionOf = new Map<Heading, Section>();
    const visit = (s: Section) => {
      sectionOf.set(s.heading.node, s);
      s.children.forEach(visit);
    };
    model.sections.forEach(visit);
    const idOf = new Map<Heading, string>(model.recognized.map((r) => [r.section.heading.node, r.id]));
    const outside = outsideBodySections(model);
    const englishId = idWithRole(model.profile, 'english-documents');
    const annexesId = idWithRole(model.profile, 'annexes');
    const tocId = idWithRole(model.profile, 'table-of-contents');
    const annexRoots = outside.filter(
      (s) =>
        ((englishId === undefined || idOf.get(s.heading.node) !== englishId) && /^annexes?\b/.test(s.heading.normalized)) ||
        (annexesId !== undefined && idOf.get(s.heading.node) === annexesId),
    );
    const newPage = new Set<Heading>();
    const title = new Map<Heading, string>();
    const replaced = new Set<RootContent>();
    const sommaires = new Set<Heading>();
    const outsideBody = new Set<Heading>();
    const tocEntries: { level: number; text: string }[] = [];
    let sommaire: Heading | null = null;
    let inSommaire: Section | null = null;
    let annexNumber = 0;
    for (const n of model.root.children) {
      if (n.type !== 'heading') {
        if (inSommaire) replaced.add(n);
        continue;
      }
      const s = sectionOf.get(n);
      if (inSommaire && s && !isInside(s, inSommaire)) inSommaire = null;
      if (inSommaire) {
        replaced.add(n);
        continue;
      }
      const text = toString(n);
      let shown = text;
      const outsideRoot = s ? outside.find((o) => isInside(s, o)) : undefined;
      const annexRoot = s ? annexRoots.find((o) => isInside(s, o)) : undefined;
      if (outsideRoot) outsideBody.add(n);
      if (outsideRoot && s && s.parent === outsideRoot) {
        newPage.add(n);
        if (annexRoot) {
          annexNumber++;
          shown = `Annexe ${annexNumber}\u00a0: ${text.replace(ANNEX_PREFIX, '') || text}`;
          title.set(n, shown);
        }
      }
      if (s && outsideRoot === s) newPage.add(n);
      const isSommaire = (tocId !== undefined && idOf.get(n) === tocId) || SOMMAIRE_TITLES.has(normalizeHeading(text));
      if (isSommaire && s) {
        // The first sommaire gets the generated table of contents; its content is not exported.
        sommaire ??= n;
        sommaires.add(n);
        inSommaire = s;
      } else if (n.depth <= 3) tocEntries.push({ level: n.depth, text: shown });
    }
    return { newPage, title, sommaire, sommaires, replaced, outsideBody, sectionId: idOf, tocEntries };
  });
}
