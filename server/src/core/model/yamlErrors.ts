// The YAML parser's error kinds, said in French: a student reads « une accolade n'est pas
// fermée », never the parser's English. Unknown kinds get a general French sentence.

const BY_CODE: Record<string, string> = {
  BAD_INDENT: "l'indentation est incorrecte (aligne les sous-champs avec deux espaces, et ferme les crochets « ] » ou accolades « } »).",
  MISSING_CHAR: 'il manque un caractère fermant : une accolade « } », un crochet « ] » ou des guillemets.',
  BLOCK_AS_IMPLICIT_KEY: "une ligne n'a pas la forme « champ: valeur » : si la valeur contient elle-même « : », mets-la entre guillemets (titre: \"Stage : conception d'un carter\").",
  MULTILINE_IMPLICIT_KEY: "un champ s'étend sur plusieurs lignes : mets la valeur entre guillemets ou sur la ligne du champ.",
  DUPLICATE_KEY: 'un champ est écrit deux fois.',
  TAB_AS_INDENT: "une tabulation est utilisée pour l'indentation (utilise des espaces).",
  BAD_DQ_ESCAPE: 'une valeur entre guillemets contient une barre oblique inverse « \\ » invalide (double-la ou utilise des apostrophes).',
  BAD_SCALAR_START: 'une valeur commence par un caractère réservé (« @ », « ` », « % »…) : mets-la entre guillemets.',
  BLOCK_IN_FLOW: 'une liste ou un bloc est ouvert à l’intérieur d’accolades ou de crochets : écris-le sur une seule ligne.',
  UNEXPECTED_TOKEN: 'un caractère inattendu se trouve ici (deux-points, crochet ou guillemet de trop ?).',
  MULTIPLE_DOCS: "l'en-tête contient une ligne « --- » en trop.",
  BAD_ALIAS: 'un alias « *nom » ne renvoie à aucune ancre « &nom ».',
  ALIAS_PROPS: 'un alias « *nom » ne peut pas porter de balise ni d’ancre.',
  KEY_OVER_1024_CHARS: 'un nom de champ dépasse 1 024 caractères.',
  NON_STRING_KEY: 'un nom de champ doit être un simple mot.',
  MULTIPLE_ANCHORS: 'une valeur porte deux ancres « & ».',
  MULTIPLE_TAGS: 'une valeur porte deux balises « ! ».',
  TAG_RESOLVE_FAILED: 'une balise « ! » est inconnue : retire-la.',
  BAD_DIRECTIVE: 'une directive « % » est invalide : retire-la.',
  BAD_PROP_ORDER: 'une ancre ou une balise est mal placée.',
  BAD_COLLECTION_TYPE: 'une liste ou une table est mal formée.',
};

/** The French sentence for a YAML error kind (the `code` of the parser's errors). */
export function yamlErrorFr(code: string | undefined): string {
  return (code && BY_CODE[code]) || 'la syntaxe YAML est incorrecte à cet endroit.';
}
