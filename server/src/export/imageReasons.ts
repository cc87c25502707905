// The French reasons an image is not used, that more than one module tells apart: the image
// check (images.ts) and the typesetting (render.ts) give them, the frame's words
// (document.ts placeholderText) and the Word export (formats.ts) read them. Pure data.

/** A file that is not there. */
export const MISSING_FILE = 'fichier introuvable';

/** An image whose file reads well but that the typesetting cannot decode (a raster) or parse (an SVG). */
export const UNDECODABLE = 'image endommagée (illisible pour la mise en page)';

/** A report that is not a file on the disk (its images have no folder to be found in). */
export const NO_REPORT_FILE = 'rapport sans fichier sur le disque';
