// Which headings are which sections of the profile (see docs/rules/section-missing.md, "Titres
// reconnus"). Pure: reads the section tree built by model.ts, returns the recognised sections.

import { foldText, headingWords, isStopWord, SEPARATOR, stripNumbering } from '../text/normalize';
import type { Profile, RecognizedSection, Section, SectionSpec } from '../types';
import { idWithRole } from './roles';
import { minOf } from '../arrays';
import { contentMemo, memoByNode, type ContentMemo, type DocumentMemo } from '../memo';

export interface HeadingMatch {
  id: string;
  /** 3 exact, 2 at the start, 1 inside the heading. */
  score: number;
  /** Other sections the same heading names, which the profile allows inside `id` (or `id` inside them). */
  also?: string[];
}

/**
 * Generic words: they name a section only when what follows them belongs to that section.
 * "Organisation de la société" is the company's organisation, "Organisation du chantier" is
 * not; "Conclusion de la mission" is not the report's conclusion. (A complement is "de / du /
 * des / d'" and the next content word; it belongs to the section when it is a word of one of
 * the section's names or of its parents' names.)
 */
const GENERIC = new Set([
  'organisation', 'conclusion', 'introduction', 'intro', 'bilan', 'presentation', 'analyse', 'description',
  'synthese', 'resume', 'structure', 'fonctionnement', 'contexte', 'cadre', 'demarche', 'organigramme',
]);
const OF = new Set(['de', 'du', 'des', 'd', 'a', 'au', 'aux']);

interface Words {
  /** All words, stop words and separators kept. */
  all: string[];
  /** Content words (no stop word, no separator). */
  content: string[];
  /** Index in `all` of each content word. */
  at: number[];
}

function wordsOf(text: string): Words {
  const all = headingWords(text);
  const content: string[] = [];
  const at: number[] = [];
  all.forEach((w, i) => {
    if (w !== SEPARATOR && !isStopWord(w)) {
      content.push(w);
      at.push(i);
    }
  });
  return { all, content, at };
}

const vocabCache = new WeakMap<SectionSpec, Set<string>>();
/** Words of a section's names and of its parents' names. */
function vocabulary(spec: SectionSpec, specs: SectionSpec[]): Set<string> {
  let v = vocabCache.get(spec);
  if (!v) {
    v = new Set<string>();
    const related = [spec, ...specs.filter((s) => spec.parents?.includes(s.id))];
    for (const s of related) for (const syn of s.synonyms) for (const w of syn.split(' ')) v.add(w);
    vocabCache.set(spec, v);
  }
  return v;
}

/** The complement after the word at `i` of `all` ("du chantier" → "chantier"), if any. */
function complementAfter(all: string[], i: number): string | undefined {
  if (!OF.has(all[i + 1] ?? '')) return undefined;
  for (let j = i + 2; j < all.length; j++) {
    const w = all[j]!;
    if (w === SEPARATOR) return undefined;
    if (!isStopWord(w)) return w;
  }
  return undefined;
}

/** A generic word whose complement belongs elsewhere ("Organisation du chantier"). */
function foreignComplement(all: string[], i: number, spec: SectionSpec, specs: SectionSpec[]): boolean {
  if (!GENERIC.has(all[i]!)) return false;
  const c = complementAfter(all, i);
  return c !== undefined && !vocabulary(spec, specs).has(c);
}

/** The word at `i` of `all` heads its part of the title: first word, or after "et" or a separator. */
function headsAPart(all: string[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && isStopWord(all[j]!) && all[j] !== 'et') j--;
  return j < 0 || all[j] === 'et' || all[j] === SEPARATOR;
}

/** Positions (in `content`) of `syn` in order, each gap at most one word; undefined if absent. */
function inOrder(content: string[], syn: string[], maxGap: number): number[] | undefined {
  outer: for (let s = 0; s + syn.length <= content.length; s++) {
    if (content[s] !== syn[0]) continue;
    const pos = [s];
    let k = s;
    for (let j = 1; j < syn.length; j++) {
      let found = -1;
      for (let g = k + 1; g <= Math.min(k + 1 + maxGap, content.length - 1); g++) {
        if (content[g] === syn[j]) {
          found = g;
          break;
        }
      }
      if (found < 0) continue outer;
      pos.push(found);
      k = found;
    }
    return pos;
  }
  return undefined;
}

function scoreSynonym(w: Words, syn: string, spec: SectionSpec, specs: SectionSpec[]): number {
  const sw = syn.split(' ');
  const { all, content, at } = w;
  if (content.join(' ') === syn) return 3;
  if (sw.length === 1) {
    // A single word: at the start of the title or heading one of its parts ("Bilan du stage et
    // conclusion"), never as the complement of another word ("Analyse des risques de l'entreprise"),
    // and a generic word only with a complement of its own section.
    for (let k = 0; k < content.length; k++) {
      if (content[k] !== syn) continue;
      const i = at[k]!;
      if (foreignComplement(all, i, spec, specs)) continue;
      if (k === 0) return 2;
      if (headsAPart(all, i)) return 1;
    }
    return 0;
  }
  if (sw.every((x, i) => content[i] === x)) return 2;
  // Several words: together, or in order with at most one word between two of them
  // ("Présentation générale de la société").
  const pos = inOrder(content, sw, 0) ?? inOrder(content, sw, 1);
  if (!pos) return 0;
  const first = at[pos[0]!]!;
  if (GENERIC.has(sw[0]!) && foreignComplement(all, first, spec, specs) && pos.length > 1 && pos[1] !== pos[0]! + 1) return 0;
  return pos[0] === 0 && pos.every((p, i) => p === i) ? 2 : 1;
}

/** Best section for a heading's text: exact (3), at the start (2), inside (1); longer synonyms win ties. */
export function bestMatch(text: string, specs: SectionSpec[]): HeadingMatch | undefined {
  const w = wordsOf(text);
  if (w.content.length === 0) return undefined;
  const scores = new Map<string, { score: number; len: number }>();
  for (const spec of specs) {
    for (const syn of spec.synonyms) {
      if (!syn) continue;
      const score = scoreSynonym(w, syn, spec, specs);
      if (score === 0) continue;
      const len = syn.split(' ').length;
      const prev = scores.get(spec.id);
      if (!prev || score > prev.score || (score === prev.score && len > prev.len)) scores.set(spec.id, { score, len });
    }
  }
  let best: { id: string; score: number; len: number } | undefined;
  for (const [id, s] of scores) if (!best || s.score > best.score || (s.score === best.score && s.len > best.len)) best = { id, ...s };
  if (!best) return undefined;
  const bestSpec = specs.find((s) => s.id === best.id)!;
  const also = [...scores.keys()].filter((id) => {
    if (id === best.id) return false;
    const spec = specs.find((s) => s.id === id)!;
    return spec.parents?.includes(best.id) || bestSpec.parents?.includes(id);
  });
  return also.length > 0 ? { id: best.id, score: best.score, also } : { id: best.id, score: best.score };
}

// Heading texts rarely change between two analyses: their match is kept in the document's memo.
// One content memo per profile (attached to the profile object, which never changes).
const headingMatches = memoByNode((profile: Profile): ContentMemo<HeadingMatch | undefined> => {
  const specs = profile.sections.filter((s) => !s.fromFrontmatter);
  return contentMemo((text) => bestMatch(text, specs));
});

/**
 * "Mission 2 – …", "Activité n°1 : …", "III. Activité 2": one numbered mission or activity
 * (`work`); "Annexe 3 : plans" one numbered annex (`annex`).
 */
const UNIT = /^(?:(mission|activite)s?|(annexe))\s*(?:n\s*[°o]?\s*)?(?:\d+|[ivx]+)\b/;
export function unitKind(text: string): 'work' | 'annex' | undefined {
  const m = UNIT.exec(stripNumbering(foldText(text)).replace(/\s+/g, ' '));
  return m ? (m[1] ? 'work' : 'annex') : undefined;
}
export const isUnitHeading = (text: string) => unitKind(text) === 'work';

/** The title after a unit's label: "Annexe 1 : Documents en anglais" → "documents en anglais" (folded). */
function unitTitle(text: string): string {
  const folded = stripNumbering(foldText(text)).replace(/\s+/g, ' ');
  const m = UNIT.exec(folded);
  return m ? folded.slice(m[0].length).replace(/^\s*[:.)\u2013\u2014-]?\s*/, '') : folded;
}

/**
 * The section that holds numbered units: for missions or activities the profile's section of
 * role `missions` or `activities`, else the one named "Activités"; for annexes the section of
 * role `annexes`, if the profile has one.
 */
export function unitsSectionId(profile: Profile, specs: SectionSpec[], kind: 'work' | 'annex'): string | undefined {
  if (kind === 'annex') return idWithRole(profile, 'annexes');
  return idWithRole(profile, 'missions') ?? idWithRole(profile, 'activities') ?? bestMatch('Activités', specs)?.id;
}

/**
 * One section standing for a run of sibling units ("# II. Activité n°1…", "# III. Activité
 * n°2…"): its heading is the first unit's (or the units heading they follow), its children the
 * units, its blocks everything from the first to the last.
 */
function groupOf(head: Section, units: Section[]): Section {
  const last = units[units.length - 1]!;
  const members = head === units[0] ? units : [head, ...units];
  const blocks = members.flatMap((u, i) => (i === 0 ? u.blocks : [u.heading.node, ...u.blocks]));
  return {
    heading: head.heading,
    endOffset: last.endOffset,
    range: { start: head.heading.range.start, end: last.range.end },
    blocks,
    children: units,
    ...(head.parent ? { parent: head.parent } : {}),
  };
}

/**
 * Matches headings to section ids.
 *
 * The "main level" is the heading depth that holds most of the sections a report names
 * (ties: the shallower). Headings at or above it match freely (exact title, title at the
 * start, or title inside the heading). Deeper headings are subsections: they count only on
 * an exact match, or inside a section the profile allows as parent (`parents`), and a
 * main-level heading takes precedence over a deeper one with the same id — so that
 * "### Conclusion" inside a mission is not the report's conclusion. Numbered missions or
 * activities written as sibling main-level headings, with no "Missions" / "Activités" heading
 * above them, are together that section.
 */
export function recognizeSections(sections: Section[], profile: Profile, memo: DocumentMemo): RecognizedSection[] {
  const matches = headingMatches(profile);
  const specs = profile.sections.filter((s) => !s.fromFrontmatter);
  const unitsIds = { work: unitsSectionId(profile, specs, 'work'), annex: unitsSectionId(profile, specs, 'annex') };
  type Candidate = { section: Section; id: string; score: number; also?: string[]; run?: Section[] };
  const candidates: Candidate[] = [];
  // "Annexe 1 : Documents en anglais": a numbered annex whose title names the English
  // documents is that section (the profile's role), not one annex among the others.
  const englishId = specs.find((x) => x.role === 'english-documents')?.id;
  const englishAnnex = (s: Section) => {
    if (englishId === undefined || unitKind(s.heading.text) !== 'annex') return undefined;
    const m = memo.of(matches, unitTitle(s.heading.text));
    return m && m.id === englishId ? m : undefined;
  };
  const unitOf = (s: Section) => (englishAnnex(s) ? undefined : unitKind(s.heading.text));
  const walkList = (list: Section[]) => {
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      const kind = unitOf(s);
      if (kind) {
        // A run of sibling units, possibly right after an empty units heading of the same level.
        // Numbered units never stand for a section of their own, nor count for the main level.
        let j = i;
        while (j + 1 < list.length && unitOf(list[j + 1]!) === kind) j++;
        const run = list.slice(i, j + 1);
        const unitsId = unitsIds[kind];
        const prev = candidates[candidates.length - 1];
        const follows = prev && prev.id === unitsId && !prev.run && prev.section === list[i - 1] && prev.section.children.length === 0;
        if (follows) {
          prev.run = run;
        } else if (unitsId) {
          candidates.push({ section: s, id: unitsId, score: 2, run });
        }
        run.forEach((u) => walkList(u.children));
        i = j;
        continue;
      }
      const m = englishAnnex(s) ?? memo.of(matches, s.heading.text);
      if (m) candidates.push({ section: s, ...m });
      walkList(s.children);
    }
  };
  walkList(sections);

  const byDepth = new Map<number, number>();
  for (const c of candidates) if (c.score >= 2) byDepth.set(c.section.heading.depth, (byDepth.get(c.section.heading.depth) ?? 0) + 1);
  let mainLevel = minOf(candidates.map((c) => c.section.heading.depth), 6);
  let bestCount = 0;
  for (const [depth, count] of [...byDepth].sort((a, b) => a[0] - b[0])) {
    if (count > bestCount) {
      bestCount = count;
      mainLevel = depth;
    }
  }

  const accepted: RecognizedSection[] = [];
  const idOf = new Map<Section, string>();
  for (const c of candidates) {
    const depth = c.section.heading.depth;
    let ancestorId: string | undefined;
    for (let p = c.section.parent; p && !ancestorId; p = p.parent) ancestorId = idOf.get(p);
    // Units under a recognised section are its missions or activities, not a section of their own.
    if (c.run && c.section.heading === c.run[0]!.heading && ancestorId !== undefined) continue;
    const spec = specs.find((s) => s.id === c.id)!;
    const main = depth <= mainLevel;
    const viaParent = ancestorId !== undefined && (spec.parents ?? []).includes(ancestorId);
    if (!main && c.score < 3 && !viaParent) continue;
    const existing = accepted.find((a) => a.id === c.id);
    if (existing) {
      const existingMain = existing.section.heading.depth <= mainLevel;
      if (main && !existingMain) {
        accepted.splice(accepted.indexOf(existing), 1);
        idOf.delete(existing.section);
      } else if (!(main && existingMain)) {
        continue;
      }
    }
    const section = c.run ? groupOf(c.section, c.run) : c.section;
    accepted.push({ id: c.id, section });
    idOf.set(c.section, c.id);
    if (c.run) for (const u of c.run) idOf.set(u, c.id);
    for (const id of c.also ?? []) {
      if (!accepted.some((a) => a.id === id)) accepted.push({ id, section, shared: true });
    }
  }
  const english = englishDocumentsInAnnexes(sections, specs, accepted);
  if (english) accepted.push(english);
  for (const a of accepted) if (!a.shared) a.section.heading.sectionId = a.id;
  for (const [s, id] of idOf) if (unitKind(s.heading.text)) s.heading.sectionId = id;
  return accepted;
}

const ENGLISH = /\b(?:anglais|english)\b/;

/**
 * The English documents filed as annexes ("# Annexes", "## Annexe 1 – Document technique en
 * anglais : …") when no heading names them: one section standing for those annexes, so that
 * they count as the profile's section of role `english-documents`.
 */
function englishDocumentsInAnnexes(sections: Section[], specs: SectionSpec[], accepted: RecognizedSection[]): RecognizedSection | undefined {
  const ENGLISH_DOCS = specs.find((s) => s.role === 'english-documents')?.id;
  if (ENGLISH_DOCS === undefined || accepted.some((a) => a.id === ENGLISH_DOCS)) return undefined;
  let found: RecognizedSection | undefined;
  const visit = (s: Section) => {
    if (found) return;
    if (/^annexes?\b/.test(s.heading.normalized)) {
      const docs = s.children.filter((c) => ENGLISH.test(c.heading.normalized));
      if (docs.length > 0) {
        const last = docs[docs.length - 1]!;
        found = {
          id: ENGLISH_DOCS,
          section: {
            heading: s.heading,
            endOffset: last.endOffset,
            range: { start: s.heading.range.start, end: last.range.end },
            blocks: docs.flatMap((d) => [d.heading.node, ...d.blocks]),
            children: docs,
            ...(s.parent ? { parent: s.parent } : {}),
          },
        };
      }
      return;
    }
    s.children.forEach(visit);
  };
  sections.forEach(visit);
  return found;
}
