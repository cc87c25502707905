// `image-missing` (warning): an image the report shows that the export cannot use — a file
// that is not there, outside the report's folder, not a PNG/JPEG/SVG by its first bytes, or a
// web address. The PDF and Word exports put a framed placeholder naming the path in its place.
// Files are checked by the host (`settings.imageStatus`, host/imageSize.ts: the core reads no
// file); web and data addresses are recognised here.

import type { Image, ImageReference, Nodes } from 'mdast';
import { rangeOf } from '../core/text/text';
import { defineRule, type FindingDraft, type ReportModel } from '../core/types';

const IMG_TAG = /<img\b[^<>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Every image of the document with where it is written: Markdown images and `<img>` tags. */
function images(model: ReportModel): { src: string; start: number; end: number }[] {
  const defs = new Map<string, string>();
  const out: { src: string; start: number; end: number }[] = [];
  const collect = (n: Nodes) => {
    if (n.type === 'definition') defs.set(n.identifier, n.url);
    if ('children' in n) for (const c of n.children as Nodes[]) collect(c);
  };
  collect(model.root);
  const walk = (n: Nodes) => {
    const pos = n.position;
    if (pos && (n.type === 'image' || n.type === 'imageReference')) {
      const src = n.type === 'image' ? (n as Image).url : defs.get((n as ImageReference).identifier);
      if (src) out.push({ src, start: pos.start.offset!, end: pos.end.offset! });
    } else if (pos && n.type === 'html' && !/^\s*<!--/.test(n.value)) {
      for (const m of n.value.matchAll(IMG_TAG)) {
        const src = m[1] ?? m[2] ?? m[3];
        if (src) out.push({ src, start: pos.start.offset! + m.index!, end: pos.start.offset! + m.index! + m[0].length });
      }
    }
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(model.root);
  return out;
}

export const imageMissingRule = defineRule({
  code: 'image-missing',
  defaultSeverity: 'warning',
  description: "Signale les images que l'export PDF / Word ne peut pas inclure (fichier absent, hors du dossier, format non pris en charge, adresse web).",
  check(model, ctx) {
    const out: FindingDraft<'image-missing'>[] = [];
    const status = ctx.settings.imageStatus;
    for (const img of images(model)) {
      let reason: string | undefined;
      if (/^(https?:|ftp:)?\/\//i.test(img.src)) reason = "image en ligne : l'export ne télécharge rien, enregistre-la dans le dossier du rapport";
      else if (/^data:/i.test(img.src)) reason = "image intégrée (data:) non prise en charge : enregistre-la dans un fichier à côté du rapport";
      else if (status) {
        try {
          reason = status(img.src);
        } catch {
          reason = undefined;
        }
      }
      if (!reason) continue;
      out.push({
        range: rangeOf(model.lineStarts, img.start, img.end),
        message: `Image « ${img.src} » : ${reason}. L'export PDF ou Word mettra un cadre à sa place.`,
        data: { src: img.src, reason },
      });
    }
    return out;
  },
});
