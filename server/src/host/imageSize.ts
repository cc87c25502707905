// Host side of the page estimate: the pixel size of the images a report references, read from
// disk by the export's image check (export/images.ts: the one policy of which files may be
// read); the analysis core never reads files, it takes `settings.imageSize`.
// Used by the language server and available to the CLI (`withImageSize(settings, file)`).

import { fileURLToPath } from 'node:url';
import type { AnalysisSettings } from '../core/types';
import { checkedImage, imageProblem } from '../export/images';

type Size = { width: number; height: number };

/** The `imageSize` callback for a document (a `file:` URI or a path); undefined for other schemes. */
export function imageSizeResolver(document: string): ((src: string) => Size | undefined) | undefined {
  let docPath: string;
  if (document.startsWith('file:')) {
    try {
      docPath = fileURLToPath(document);
    } catch {
      return undefined;
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(document) && !/^[a-z]:[\\/]/i.test(document)) {
    return undefined;
  } else {
    docPath = document;
  }
  // The export's policy (export/images.ts): only regular image files, by signature, inside the
  // report's folder — `![x](../../../../etc/passwd)` is never opened to be sized.
  return (src: string) => {
    const o = checkedImage(docPath, src);
    return o.ok ? { width: o.widthPx, height: o.heightPx } : undefined;
  };
}

/** The settings with the host's image-size callback for this document. */
export function withImageSize(settings: AnalysisSettings, document: string): AnalysisSettings {
  const imageSize = imageSizeResolver(document);
  if (!imageSize) return settings;
  const file = document.startsWith('file:') ? fileURLToPath(document) : document;
  // What the export will make of each image (image-missing).
  return { ...settings, imageSize, imageStatus: (src: string) => imageProblem(file, src) };
}
