// The vocabulary of the diary-style ("journal de bord") detector: the kinds of cue, the patterns
// that find them in folded French text, the analytical markers that lower a score, and the
// French description of the cues for the messages. Scoring is journal.ts; headings, headings.ts.
//
// Every regular expression here is linear: no nested quantifiers over overlapping classes.

export type CueKind =
  | 'jour'        // day of the week used as a time anchor
  | 'date'        // calendar date
  | 'rang'        // "le premier jour", "la deuxième semaine", "jour 3", "semaine 2"
  | 'relatif'     // "le lendemain", "la veille", "la semaine suivante", "hier", "demain"…
  | 'moment'      // "le matin", "l'après-midi", "à midi", clock times
  | 'horaire'     // timetable entries: "8 h : arrivée… 9 h 30 : réunion…", "14h-16h : tests"
  | 'periode'     // "au début du stage", "au bout d'une semaine", "vers la fin"
  | 'enchainement'// "ensuite", "puis", "après", "enfin", "d'abord"
  | 'recit';      // first-person past narration: "j'ai fait", "je suis allé", "j'arrivais"

export interface JournalCue {
  kind: CueKind;
  /** The matched text, as written. */
  text: string;
  /** Offset of the match in the scored text. */
  index: number;
  weight: number;
}

// ---------------------------------------------------------------------------
// Vocabulary (folded)

export const WEEKDAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
export const MONTH = '(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)';
export const ORDINAL =
  '(?:premier|premiere|premiers|premieres|deuxieme|second|seconde|troisieme|quatrieme|cinquieme|sixieme|septieme|huitieme|neuvieme|dixieme|derniere|dernier|derniers|dernieres|\\d{1,2}e|\\d{1,2}eme)';
export const DAYNUM = '\\d{1,2}(?:er)?';

interface Pattern {
  kind: CueKind;
  re: RegExp;
  /** Weight when the cue opens its sentence (or clause); `weight / 2` elsewhere unless `flat`. */
  weight: number;
  flat?: boolean;
  /** A match preceded by this (folded text just before it) does not count. */
  notAfter?: RegExp;
}

// A date that sets a deadline or a milestone ("jusqu'au 20 janvier", "prévue le 12 avril",
// "avant le 31 mars") plans the work; it does not tell it.
const PLANNED =
  /(?:\bjusqu'(?:au|a)|\bavant\s+le|\bd'ici\s+(?:le|au)|\bprevue?s?\s+(?:le|pour\s+le|au|du)|\bplanifiee?s?\s+(?:le|pour\s+le|au|du)|\bau\s+plus\s+tard\s+le|\bfixee?s?\s+au|\ba\s+partir\s+du|\bpour\s+le|\blors\s+de\s+l'\w+\s+du|\brecette\s+du)\s+(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?$/;

export const PATTERNS: Pattern[] = [
  // Dates: "du 12 au 16 février" (first: the span, not its last day, opens the sentence), "le 15
  // avril", "lundi 12 février", "le 14/01", "mardi 4".
  { kind: 'date', re: new RegExp(`\\bdu\\s+${DAYNUM}(?:\\s+${MONTH})?\\s+au\\s+${DAYNUM}\\b`, 'g'), weight: 1.5, notAfter: PLANNED },
  { kind: 'date', re: new RegExp(`\\b(?:${WEEKDAY}\\s+)?${DAYNUM}\\s+${MONTH}\\b`, 'g'), weight: 1.5, notAfter: PLANNED },
  { kind: 'date', re: /\ble\s+(?:0?[1-9]|[12]\d|3[01])\/(?:0?[1-9]|1[0-2])(?:\/(?:\d{2}|\d{4}))?\b(?!\/)/g, weight: 1.5, notAfter: PLANNED },
  { kind: 'date', re: new RegExp(`\\b${WEEKDAY}\\s+${DAYNUM}\\b(?!\\s*(?:${MONTH}|h\\b|%))`, 'g'), weight: 1.5 },
  // Days of the week as anchors, not habits ("tous les lundis", "chaque lundi", "du lundi au vendredi").
  {
    kind: 'jour',
    re: new RegExp(`\\b${WEEKDAY}\\b(?!s\\b|\\s+${DAYNUM}\\b|\\s+au\\s+${WEEKDAY})`, 'g'),
    weight: 1.5,
    notAfter: /(?:\btous les|\bchaque|\bdu|\bau|\bles|\bdes)\s+$/,
  },
  // Ranked days and weeks: "le premier jour", "la deuxième semaine", "les deux premiers jours".
  // ("les six derniers mois" is a look-back window, not a day of the story.)
  {
    kind: 'rang',
    re: new RegExp(`\\b${ORDINAL}\\s+(?:jours?|journees?|semaines?|mois)\\b`, 'g'),
    weight: 1.5,
    notAfter: /(?:\b\d+|\b(?:deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quelques))\s+$/,
  },
  { kind: 'rang', re: /\b(?:deux|trois|quatre|quelques)\s+(?:premiers\s+jours|premieres\s+semaines|derniers\s+jours|dernieres\s+semaines)\b/g, weight: 1.5 },
  { kind: 'rang', re: /\b(?:jour|semaine)\s*(?:n°\s*)?\d{1,2}\b(?!\s*(?:%|h\b))/g, weight: 1.5 },
  // Relative days.
  {
    kind: 'relatif',
    re: new RegExp(
      `\\b(?:le\\s+lendemain|le\\s+surlendemain|la\\s+veille|le\\s+jour\\s+(?:j|meme|suivant)|ce\\s+jour-la|(?:la|une)\\s+semaine\\s+(?:suivante|d'apres)|les\\s+jours\\s+suivants|le\\s+${WEEKDAY}\\s+(?:suivant|d'apres))\\b`,
      'g',
    ),
    weight: 1.5,
  },
  { kind: 'relatif', re: /\b(?:hier|avant-hier|demain|apres-demain)\b/g, weight: 1.5, notAfter: /\bde\s+$/ },
  { kind: 'relatif', re: new RegExp(`\\b${WEEKDAY}\\s+(?:dernier|prochain)\\b`, 'g'), weight: 1.5 },
  { kind: 'relatif', re: /\baujourd'hui\b/g, weight: 1.2 },
  // "cette semaine", "cette semaine-là", "la semaine dernière" (not "cette semaine type").
  { kind: 'relatif', re: /\b(?:cette\s+semaine(?:-la)?(?!\s+type)|la\s+semaine\s+(?:derniere|precedente|passee))\b/g, weight: 1.5 },
  { kind: 'relatif', re: /\b(?:ce\s+matin|cet\s+apres-midi|ce\s+soir)(?:-la)?\b/g, weight: 1.5 },
  // Time of day and clock times.
  {
    kind: 'moment',
    re: /\b(?:le\s+|l'|en\s+fin\s+de\s+|en\s+debut\s+de\s+|dans\s+la\s+|a\s+|chaque\s+|au\s+|du\s+)?(?:matin|matinee|apres-midi|soir|soiree|midi)\b/g,
    weight: 1.2,
    notAfter: /\b(?:ce|cet|ce\s+jour|de|par|tous\s+les|toutes\s+les)\s+$/,
  },
  // Breaks of the working day: "après la pause", "avant le déjeuner", "pendant le repas".
  {
    kind: 'moment',
    re: /\b(?:apres|avant|pendant|a)\s+(?:la\s+pause(?:\s+de\s+midi|\s+dejeuner)?|le\s+dejeuner|le\s+repas|la\s+reprise)\b/g,
    weight: 1.2,
  },
  {
    kind: 'moment',
    re: /\b(?:a|vers|des|jusqu'a|avant|apres|arrive\s+a|arrivee\s+a)\s+\d{1,2}\s?h(?:\s?\d{2})?\b/g,
    weight: 1,
    // "de 5 h à 13 h" is a timetable, not a moment of the story.
    notAfter: /\d\s?h(?:\s?\d{2})?\s+$/,
  },
  // Phases of the internship told as a story.
  {
    kind: 'periode',
    re: /\b(?:au\s+debut\s+(?:du|de\s+mon)\s+stage|des\s+mon\s+arrivee|a\s+mon\s+arrivee|en\s+arrivant|le\s+jour\s+de\s+mon\s+arrivee|au\s+bout\s+(?:d'une|de\s+(?:deux|trois|quelques))\s+(?:jours?|semaines?)|vers\s+la\s+fin(?:\s+du\s+stage)?|a\s+la\s+fin\s+de\s+(?:la|ma)\s+\w+\s+semaine|en\s+fin\s+de\s+(?:journee|matinee|semaine)|au\s+debut\b|pendant\s+(?:la|ma)\s+\w+\s+semaine|durant\s+(?:la|ma)\s+\w+\s+semaine)/g,
    weight: 1.2,
    flat: true,
  },
  { kind: 'periode', re: /\ba\s+la\s+fin(?:\s+du\s+stage)?(?=\s*,)/g, weight: 1.2 },
];

export const TEMPORAL_CLAUSE = /^(?:[.!?;]\s+)?(?:une\s+fois|des\s+que|lorsqu|quand|apres\s+(?:le|la|les|l'|mon|ma|mes))/;

// A clock time or range opening a timetable entry, followed by what was done ("8 h 30 :
// démontage", "8h30-11h45 usinage", "De 9 h à 12 h, esquisses"). Group 1: an optional "de".
const CLOCK = '\\d{1,2}\\s?h(?:\\s?\\d{2})?';
export const CLOCK_ENTRY = new RegExp(`\\b((?:de\\s+)?)${CLOCK}(?:\\s*(?:-|a)\\s*${CLOCK})?(?=\\s*(?::|,|-)?\\s*[a-z])`, 'g');

// Sequencing connectors ("après" only as a connector: "après, …", "après j'ai", "après ça").
// Also the clauses that hang one step on the previous one: "une fois le câblage terminé", "dès
// que", "lorsque", a sentence opened by "Quand", "dans la foulée", and "après" + a noun ("après
// la réunion", "après l'installation de Windows"; not "après analyse des relevés").
export const SEQUENCE =
  /\b(?:ensuite|puis|enfin|d'abord|tout\s+d'abord|pour\s+commencer|pour\s+finir|par\s+la\s+suite|dans\s+la\s+foulee|une\s+fois(?!\s+(?:par|de\s+plus|encore|pour\s+toutes|sur)\b)|des\s+que|lorsque|lorsqu'|apres\s+(?:ca|cela|quoi|avoir|etre)\b|apres\s*,|apres\s+(?=j'|je\b|on\b|nous\b|il\b|elle\b)|apres\s+(?:le|la|les|l'|mon|ma|mes)\s*(?=[a-z]))|(?:^|[.!?;]\s+)quand\b/g;

// First-person past narration.
export const NARRATION: RegExp[] = [
  // passé composé: j'ai fait, je l'ai fait, je les ai mises, je me suis, je suis allé, on m'a, nous avons, on a, on est
  /\bj'ai\s+(?:(?:d'abord|ensuite|aussi|enfin|donc|alors|egalement|surtout|deja|bien|vite|souvent)\s+)?(?!une?\b|des?\b|les?\b|la\b|pas\b|plus\b|du\b|besoin\b|l'\b)[a-z]/g,
  /\bje\s+(?:l'|les\s+|lui\s+|leur\s+|y\s+|en\s+)ai\b/g,
  /\bje\s+(?:me\s+suis|m'y\s+suis|suis\s+(?:alle|allee|arrive|arrivee|reste|restee|parti|partie|venu|venue|revenu|revenue|retourne|retournee|rentre|rentree|passe|passee|monte|descendu|reparti|sorti|sortie|intervenu))\b/g,
  /\b(?:nous\s+(?:l'|les\s+|lui\s+|y\s+|en\s+)avons|on\s+(?:l'|les\s+|y\s+|en\s+)a)\b/g,
  /\bon\s+m'a\b/g,
  // someone did something to me: "le technicien m'a expliqué", "il m'a montré"
  // (not the reflective "ce stage m'a permis / appris / amené")
  /\b(?!on\b)[a-z]+\s+m'a\s+(?!permis\b|appris\b|amene\b|conduit\b|oblige\b|pousse\b|aide\b)[a-z]+(?:e|i|is|it|u|t)\b/g,
  /\b(?:nous\s+avons|nous\s+sommes|on\s+est)\s+(?!pas\b)[a-z]+(?:e|es|is|i|u|us|t|ts)\b/g,
  /\bon\s+a\s+(?!pas\b|une?\b|des?\b|du\b|besoin\b)[a-z]+(?:e|i|is|u|t)\b/g,
  // imperfect of routine: j'arrivais, je regardais, on mangeait, nous partions (not avoir/être: "j'étais rattaché")
  // (conditionals of the usual modal verbs are not narration: "j'aurais dû", "je pourrais")
  /\b(?:je|j')\s*(?!(?:av|et|aur|ser|pourr|devr|voudr|fer|aimer|souhaiter|prefer)ais\b)[a-z]{2,}ais\b/g,
  /\bon\s+(?!avait\b|etait\b)[a-z]{2,}ait\b/g,
];

// Analytical markers: figures with units, causes and consequences, method words.
export const ANALYTICAL: { label: string; re: RegExp }[] = [
  {
    label: 'mesure chiffrée',
    re: /\d(?:[.,]\d+)?\s?(?:%|°c|°|mm²?|cm|µm|km|kg|mpa|gpa|bar|kv|kw|mw|kwh|mah|ma|µa|hz|khz|mhz|ghz|db|n·m|nm|€|euros?|ko|mo|go|to|mbit\/s|gbit\/s|ms|µs|tr\/min|v|a|w|n|s|m|g)(?![a-z0-9])/g,
  },
  { label: 'conséquence', re: /\b(?:ce\s+qui|cela|ceci)\s+(?:a\s+)?(?:permis|permet|a\s+permis|explique|montre|a\s+montre|a\s+conduit|a\s+reduit|a\s+ramene|assure|limite|valide|confirme)\b|\b(?:a|ont|avait)\s+permis\b|\bpermet(?:tant|tent)?\s+de\b/g },
  { label: 'cause', re: /\b(?:afin\s+de|afin\s+que|grace\s+a|en\s+raison\s+de|du\s+fait\s+de|c'est\s+pourquoi|s'explique|dans\s+le\s+but|de\s+sorte\s+que|parce\s+que|puisque)\b/g },
  { label: 'analyse', re: /\b(?:montre(?:nt)?|a\s+montre|ont\s+montre|met\s+en\s+evidence|mis\s+en\s+evidence|valide|confirme|respecte|conforme|inferieure?s?\s+a|superieure?s?\s+a|au-dela\s+de|en\s+deca\s+de|ecart|taux|tolerance|exigence|cahier\s+des\s+charges|critere|hypothese|dimensionnement|choix|retenue?|solution|objectif|indicateur|problematique)\b/g },
];

const NEWLINE_OR_END = /[.!?;:\n]/;

/** True when the match opens its sentence or clause: at most two words before it in the sentence. */
export function opensSentence(folded: string, index: number): boolean {
  let i = index - 1;
  let words = 0;
  let inWord = false;
  for (; i >= 0 && index - i < 60; i--) {
    const c = folded[i]!;
    if (NEWLINE_OR_END.test(c) || c === ',' || c === '(' || c === '*' || c === '-' && i > 0 && folded[i - 1] === ' ') return words <= 2;
    if (/[a-z0-9']/.test(c)) {
      if (!inWord) {
        words++;
        inWord = true;
      }
    } else inWord = false;
  }
  return i < 0 ? words <= 2 : false;
}

// ---------------------------------------------------------------------------
// Message helpers

const KIND_LABEL: Record<CueKind, string> = {
  jour: 'jours de la semaine',
  date: 'dates',
  rang: 'jours ou semaines numérotés',
  relatif: 'repères relatifs',
  moment: 'moments de la journée',
  horaire: 'emploi du temps heure par heure',
  periode: 'étapes du stage racontées',
  enchainement: 'enchaînements chronologiques',
  recit: 'récit au passé à la 1re personne',
};

/** "jours de la semaine (« Le lundi », « Le mardi ») ; enchaînements (« Ensuite », « puis »)". */
export function describeCues(cues: JournalCue[], perKind = 3): string {
  const byKind = new Map<CueKind, string[]>();
  for (const c of cues) {
    const list = byKind.get(c.kind) ?? [];
    if (!list.includes(c.text)) list.push(c.text);
    byKind.set(c.kind, list);
  }
  return [...byKind.entries()]
    .map(([k, texts]) => `${KIND_LABEL[k]} (${texts.slice(0, perKind).map((t) => `« ${t} »`).join(', ')}${texts.length > perKind ? '…' : ''})`)
    .join(' ; ');
}
