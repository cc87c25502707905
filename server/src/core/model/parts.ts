// The "units" of a section (a mission of the CPI `missions` section, an activity of `activites`)
// and the labelled parts each unit should show (Contexte / Action / Résultat; objectifs /
// résultats / contraintes / commentaires). A part counts when it is a subheading, a bold label
// opening a paragraph ("**Contexte.**", "Contexte :"), or a clear phrase ("Face à…", "ce qui a
// permis…"). Pure; reads the section tree built by the model.

import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { contentEnd, isPlaceholder, paragraphText } from '../parse/blocks';
import { foldText } from '../text/fold';
import { memoByNode } from '../memo';
import { eolOf, rangeOf } from '../text/text';
import type { ReportModel, Section, TextEdit } from '../types';
import { pushAll } from '../arrays';

export interface PartSpec {
  id: string;
  /** Label inserted by the quick fix (bold label or subheading text). */
  label: string;
  /** Folded heading or label text that names the part (tested at the start). */
  name: RegExp;
  /** Folded phrases in the body that show the part without a label. */
  phrase: RegExp;
}

const fold = (s: string) => foldText(s).trim();

export const CAR_PARTS: PartSpec[] = [
  {
    id: 'contexte',
    label: 'Contexte',
    name: /^(?:le |la |les |l')?(?:contexte|situation|probleme|problematique|besoin|enjeux?|constat|demande|cahier des charges)\b/,
    phrase:
      /\(contexte\)|\bface a\b|\ba la demande d|\bdans le cadre d|\ble besoin\b|\bla problematique\b|\ble probleme\b|\bsuite a\b|\bpour repondre a\b|\ble constat\b|\b(?:le client|l'entreprise|le service|le bureau d'etudes) (?:souhaitait|demandait|voulait|devait|cherchait|avait besoin)|\bil fallait\b|\bil s'agissait\b/,
  },
  {
    id: 'action',
    label: 'Action',
    name: /^(?:l'|les |mon |ma |mes )?(?:actions?|realisations?|demarche|methode|methodologie|travail realise|travaux realises|mise en oeuvre|solutions?|conception|etude|travail|ce que j'ai fait)\b/,
    phrase:
      /\(action\)|\bj'ai (?:\w+ )?(?:realise|concu|modelise|analyse|dimensionne|propose|redige|mis en place|developpe|programme|effectue|choisi|calcule|teste|mesure|cree|dessine|simule|etudie|installe|configure|verifie|compare|identifie|elabore|optimise|corrige|modifie|mene|conduit|repris|ajoute|remplace|cable|automatise|chiffre|trace|regle|parametre)\b|\bmon (?:travail|role) (?:a consiste|consistait)|\bj'ai ete charge|\bnous avons (?:realise|concu|modelise|analyse|dimensionne|propose|developpe|mis en place|installe|teste)\b/,
  },
  {
    id: 'resultat',
    label: 'Résultat',
    name: /^(?:le |les |l')?(?:resultats?|bilan|gains?|validation|retombees|apports?|impacts?|effets?)\b/,
    phrase:
      /\(resultats?\)|\bce qui a permis|\b(?:a|ont) permis de|\bpermettant de\b|\bresultats?\b|\bau final\b|\bfinalement\b|\bgain de\b|\bsoit un gain|\bsoit une (?:reduction|baisse|hausse|economie)\b|\b(?:a|ont) ete (?:valides?|adoptes?|retenus?|approuves?|integres?|mis en service|livres?|acceptes?)\b|\bdesormais\b|\ba abouti|\breduction de\b|\best passee? de\b|\b(?:reduite?s?|diminuee?s?|augmentee?s?|amelioree?s?|baisse|gagne) de \d/,
  },
];

export const ACTIVITY_PARTS: PartSpec[] = [
  {
    id: 'objectifs',
    label: 'Objectifs assignés',
    name: /^(?:les |l'|mes )?(?:objectifs?|buts?|finalite|attendus|mission confiee|cahier des charges|enjeux)\b/,
    phrase:
      /\bobjectifs?\b|\bavait pour but\b|\ble but\b|\bil s'agissait de\b|\bil m'a ete demande\b|\bon m'a demande de\b|\bj'etais charge|\bj'ai ete charge|\bma mission (?:etait|consistait)/,
  },
  {
    id: 'resultats',
    label: 'Résultats obtenus',
    name: /^(?:les |le |mes )?(?:resultats?|bilan)\b/,
    phrase:
      /\bresultats?\b|\bce qui a permis|\b(?:a|ont) permis de|\bj'ai obtenu|\bnous avons obtenu|\bau final\b|\bgain de\b|\b(?:a|ont) ete (?:valides?|adoptes?|retenus?|mis en service|livres?|deployes?|integres?)\b|\bdesormais\b|\best (?:maintenant|aujourd'hui) (?:utilise|en service|operationnel|deploye)/,
  },
  {
    id: 'contraintes',
    label: 'Contraintes prises en compte',
    name: /^(?:les |mes )?(?:contraintes?|difficultes?|limites?|exigences?)\b/,
    phrase: /\bcontraintes?\b|\bdifficultes?\b|\bil fallait respecter\b|\bimposee?s?\b|\bdans un delai\b|\bsans interrompre\b|\ben respectant\b|\bexigences?\b/,
  },
  {
    id: 'commentaires',
    label: 'Commentaires personnels',
    name: /^(?:mes |les |mon )?(?:commentaires?|avis|ressenti|retour d'experience|bilan personnel|analyse personnelle|apports? personnels?|ce que j'ai appris)\b/,
    phrase:
      /\bcommentaires?\b|\bpersonnellement\b|\bavec le recul\b|\bj'ai appris\b|\bm'a appris\b|\bm'a permis d(?:e |')(?:comprendre|apprendre|decouvrir|progresser|developper|ameliorer)|\bj'ai apprecie\b|\bselon moi\b|\ba mon avis\b|\bje retiens\b|\bsi c'etait a refaire\b|\bje pense que\b|\bj'ai trouve (?:ce|cette|interessant)/,
  },
];

/** Heading or label at the start of a paragraph: "**Contexte.** …", "*Résultat :* …", "Contexte : …". */
function openingLabel(node: RootContent): string | null {
  if (node.type !== 'paragraph') return null;
  const first = node.children[0];
  if (first && (first.type === 'strong' || first.type === 'emphasis')) return fold(toString(first));
  const m = /^\s*([^:.—–]{2,40})\s*[:.—–]/.exec(paragraphText(node));
  return m ? fold(m[1]!) : null;
}

/** Labels of a block (cached per node: they depend on its content only; read, never modified). */
const blockLabels = memoByNode((node: RootContent): string[] => {
  if (node.type === 'heading') return [fold(toString(node))];
  if (node.type === 'paragraph') {
    const l = openingLabel(node);
    return l ? [l] : [];
  }
  if (node.type === 'list') {
    return node.children.flatMap((item) => item.children.flatMap((c) => blockLabels(c)));
  }
  return [];
});

export interface FoundParts {
  found: Set<string>;
  bySubheading: boolean;
}

/**
 * What `findParts` found for a unit, kept per specs and keyed on the unit's first block: the
 * result depends only on the blocks' content, and a unit the edit did not touch has the same
 * block objects (unchanged blocks keep their nodes across edits, see memo.ts).
 */
const partsCache = new WeakMap<PartSpec[], WeakMap<RootContent, { blocks: RootContent[]; parts: FoundParts }>>();

function sameBlocks(a: RootContent[], b: RootContent[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Which of the parts a unit shows, and whether it labels them with subheadings. The result is shared: do not modify it. */
export function findParts(unit: Section, specs: PartSpec[]): FoundParts {
  const head = unit.blocks[0];
  if (!head) return computeParts(unit, specs);
  let bySpecs = partsCache.get(specs);
  if (!bySpecs) partsCache.set(specs, (bySpecs = new WeakMap()));
  const hit = bySpecs.get(head);
  if (hit && sameBlocks(hit.blocks, unit.blocks)) return hit.parts;
  const parts = computeParts(unit, specs);
  bySpecs.set(head, { blocks: unit.blocks.slice(), parts });
  return parts;
}

function computeParts(unit: Section, specs: PartSpec[]): FoundParts {
  const found = new Set<string>();
  let bySubheading = false;
  const labels: string[] = [];
  const blocks = unit.blocks;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    // A placeholder ("**Action.** …", a part heading with nothing but "…" under it) is not the part.
    if (isPlaceholder(b)) continue;
    if (b.type === 'heading' && !hasTextUnder(blocks, i)) continue;
    const l = blockLabels(b).map((x) => x.replace(/^\d+(?:\.\d+)*\s*[.)-]?\s*/, ''));
    for (const label of l) {
      for (const spec of specs) {
        if (spec.name.test(label)) {
          found.add(spec.id);
          if (b.type === 'heading') bySubheading = true;
        }
      }
    }
    pushAll(labels, l);
  }
  const body = fold(
    unit.blocks
      .filter((b) => b.type !== 'code' && b.type !== 'html' && b.type !== 'heading' && !isPlaceholder(b))
      .map((b) => paragraphText(b))
      .join('\n'),
  );
  for (const spec of specs) if (!found.has(spec.id) && spec.phrase.test(body)) found.add(spec.id);
  return { found, bySubheading };
}

/** Whether the heading at `i` has text of its own before the next heading. */
function hasTextUnder(blocks: RootContent[], i: number): boolean {
  const depth = (blocks[i] as { depth: number }).depth;
  for (let j = i + 1; j < blocks.length; j++) {
    const b = blocks[j]!;
    if (b.type === 'heading' && b.depth <= depth) return false;
    if (b.type !== 'heading' && hasOwnText(b) && !isPlaceholder(b)) return true;
  }
  return false;
}

/** A unit is worth checking once it has text of its own. */
export function hasText(unit: Section): boolean {
  return unit.blocks.some(hasOwnText);
}

const hasOwnText = memoByNode(
  (b: RootContent): boolean => b.type !== 'heading' && b.type !== 'html' && toString(b).trim().length > 0 && !isPlaceholder(b),
);

/** What may follow a part's name in a part heading: "Résultats obtenus", "Contexte de la mission". */
const PART_QUALIFIER =
  /^\s*(?:obtenue?s?|observee?s?|assignee?s?|prises?\s+en\s+compte|personnel(?:le)?s?|initiale?s?|de\s+(?:la\s+|l')(?:mission|activite)|du\s+projet|et\s+[a-z]+|\(\w+\))?\s*[:.]?\s*$/;

/**
 * The units of a section: its subsections, or the section itself when it has none or when its
 * subsections are only the parts ("### Contexte", "### Action"…).
 */
export function unitsOf(section: Section, specs: PartSpec[]): Section[] {
  const kids = section.children;
  if (kids.length === 0) return [section];
  // A part heading is short ("Contexte", "Résultats obtenus"); "Conception du carter" is a mission.
  const isPart = (s: Section) => {
    const h = fold(s.heading.text).replace(/^\d+(?:\.\d+)*\s*[.)-]?\s*/, '');
    return specs.some((p) => {
      const m = p.name.exec(h);
      return !!m && PART_QUALIFIER.test(h.slice(m[0].length));
    });
  };
  if (kids.every(isPart)) return [section];
  return kids;
}

/**
 * The edits that add the missing parts to a unit, in their order, without touching its text: a
 * part that comes before the first part the unit shows (a Contexte before the existing Action)
 * goes right under the unit's heading, the others (a Résultat) at the end of the unit.
 */
export function partsEdits(model: ReportModel, unit: Section, specs: PartSpec[], found: Set<string>, bySubheading: boolean): TextEdit[] {
  const eol = eolOf(model.text);
  const depth = Math.min(unit.heading.depth + 1, 6);
  const chunk = (p: PartSpec) => (bySubheading ? `${'#'.repeat(depth)} ${p.label}${eol}${eol}…` : `**${p.label}.** …`);
  const firstFound = specs.findIndex((p) => found.has(p.id));
  const missing = specs.filter((p) => !found.has(p.id));
  const before = firstFound < 0 ? [] : missing.filter((p) => specs.indexOf(p) < firstFound);
  const after = missing.filter((p) => !before.includes(p));
  const edits: TextEdit[] = [];
  if (before.length > 0) {
    const h = unit.heading.range.end;
    const at = model.lineStarts[h.line]! + h.character;
    edits.push({ range: rangeOf(model.lineStarts, at, at), newText: `${eol}${eol}${before.map(chunk).join(eol + eol)}` });
  }
  if (after.length > 0) {
    const end = contentEnd(model, unit);
    edits.push({ range: rangeOf(model.lineStarts, end, end), newText: `${eol}${eol}${after.map(chunk).join(eol + eol)}` });
  }
  return edits;
}

/** "le Contexte et le Résultat" */
export function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}
