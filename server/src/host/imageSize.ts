// Host side of the page estimate: the pixel size of the images a report references, read from
// disk with `image-size` (the analysis core never reads files; it takes `settings.imageSize`).
// Used by the language server and available to the CLI (`withImageSize(settings, file)`).

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import type { AnalysisSettings } from '../core/types';
import { imagePath, imageProblem } from '../export/images';

type Size = { width: number; height: number };

/** Image headers are at the start of the file; a JPEG's can follow a large EXIF block. */
const HEAD_BYTES = 512 * 1024;
const cache = new Map<string, { mtimeMs: number; size: number; result: Size | undefined }>();

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Pixel size of an image file (EXIF rotation applied), cached by path and modification time. */
export function imageFileSize(path: string): Size | undefined {
  let st;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (!st.isFile()) return undefined;
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.result;
  let result: Size | undefined;
  try {
    const r = imageSize(readHead(path, Math.min(st.size, HEAD_BYTES)));
    if (r.width && r.height) {
      const rotated = (r.orientation ?? 1) >= 5;
      result = rotated ? { width: r.height, height: r.width } : { width: r.width, height: r.height };
    }
  } catch {
    result = undefined;
  }
  if (cache.size > 500) cache.clear();
  cache.set(path, { mtimeMs: st.mtimeMs, size: st.size, result });
  return result;
}

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
  return (src: string) => {
    const path = imagePath(docPath, src);
    return path === null ? undefined : imageFileSize(path);
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
