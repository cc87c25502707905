// One policy for the image files a report names, shared by the page estimate's image sizes
// (host/imageSize.ts) and the exports (export/images.ts, loadImage for PDF and Word): only
// regular PNG, JPEG or SVG files (by their first bytes) inside the report's folder are read.
// `![x](../../../../etc/passwd)`, an image beside the folder, a link pointing out of it: never
// opened to be sized, never embedded.

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { png } from '../../bench/png.mjs';
import { estimatePages } from '../../server/src/core/pages/pages';
import { checkedImage, imageProblem, jpegDamage, loadImage, svgDepth } from '../../server/src/export/images';
import { imageSizeResolver, withImageSize } from '../../server/src/host/imageSize';
import { analyzeText, expectLinear, frontmatter, md } from './helpers';


const root = mkdtempSync(join(tmpdir(), 'rapport-images-'));
const folder = join(root, 'rapport');
mkdirSync(join(folder, 'img'), { recursive: true });
// A wide, flat image, so that its size visibly changes the estimate.
writeFileSync(join(root, 'outside.png'), png(4000, 100));
writeFileSync(join(folder, 'img', 'inside.png'), png(4000, 100));
writeFileSync(join(folder, 'not-an-image.png'), 'root:x:0:0:root:/root:/bin/bash\n');
symlinkSync(join(root, 'outside.png'), join(folder, 'link.png'));
const file = join(folder, 'rapport.md');

const OUTSIDE = ['../../../../etc/passwd', '/etc/passwd', 'file:///etc/passwd', '../outside.png', `${root}/outside.png`, 'link.png', 'img/../../outside.png', '%2e%2e/outside.png'];

describe('image path policy: the estimate and the export read the same files', () => {
  it('inside the folder: sized and readable', () => {
    expect(imageSizeResolver(file)!('img/inside.png')).toEqual({ width: 4000, height: 100 });
    expect(loadImage(file, 'img/inside.png').ok).toBe(true);
    expect(imageProblem(file, 'img/inside.png')).toBeUndefined();
  });

  for (const src of OUTSIDE) {
    it(`${src}: not sized by the estimate, not embedded by the export`, () => {
      expect(imageSizeResolver(file)!(src)).toBeUndefined();
      expect(imageSizeResolver(pathToFileURL(file).href)!(src)).toBeUndefined();
      const loaded = loadImage(file, src);
      expect(loaded.ok).toBe(false);
      expect(loaded.ok ? '' : loaded.reason).toMatch(/hors du dossier|introuvable/);
      expect(imageProblem(file, src)).toBe(loaded.ok ? undefined : loaded.reason);
    });
  }

  it('a file inside the folder that is not an image (by its first bytes): neither', () => {
    expect(imageSizeResolver(file)!('not-an-image.png')).toBeUndefined();
    expect(loadImage(file, 'not-an-image.png')).toEqual({ ok: false, reason: 'format non pris en charge (PNG, JPEG ou SVG attendu)' });
    expect(checkedImage(file, 'not-an-image.png').ok).toBe(false);
  });

  it('the page estimate counts an image outside the folder as one of unknown size, like a missing one', () => {
    // One section: the last page counts by its filled part, which the image's height changes.
    const report = (src: string) => md(frontmatter('cpi'), '', '# Introduction', '', 'Texte.', '', `![Schéma](${src})`, '', 'Bilan.', '');
    const pages = (src: string) => {
      const settings = withImageSize({}, file);
      return estimatePages(analyzeText(report(src), settings).model, settings).document;
    };
    const missing = pages('absente.png');
    expect(pages('img/inside.png')).not.toBe(missing);
    for (const src of OUTSIDE) expect(pages(src), src).toBe(missing);
  });
});

describe('a JPEG is checked whole, as a PNG is', () => {
  const width = 160;
  const height = 120;
  const pixels = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) pixels.set([(i * 7) & 0xff, (i / width) & 0xff, (i * 13) & 0xff, 255], i * 4);
  const whole = Buffer.from(jpeg.encode({ data: pixels, width, height }, 85).data);
  const sos = whole.indexOf(Buffer.from([0xff, 0xda]));
  /** The same picture with an APP1 segment after the start marker (what a phone writes: EXIF and a thumbnail, itself a JPEG). */
  const withApp1 = (payload: Buffer) => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(payload.length + 2);
    return Buffer.concat([whole.subarray(0, 2), Buffer.from([0xff, 0xe1]), length, payload, whole.subarray(2)]);
  };
  const thumbnail = Buffer.concat([Buffer.from('Exif\0\0'), whole.subarray(0, 400), Buffer.from([0xff, 0xd9])]);

  it('whole files pass: with an EXIF thumbnail, a video appended after the end (motion photo), stray bytes between segments', () => {
    expect(jpegDamage(whole)).toBeUndefined();
    expect(jpegDamage(withApp1(thumbnail))).toBeUndefined();
    expect(jpegDamage(Buffer.concat([whole, Buffer.from('....ftypmp42'), Buffer.alloc(5000, 7)]))).toBeUndefined();
    expect(jpegDamage(Buffer.concat([whole.subarray(0, sos), Buffer.from([0x00, 0x00]), whole.subarray(sos)]))).toBeUndefined();
  });

  it('a copy cut anywhere is « fichier JPEG tronqué »: in the scan data, in the tables, in a segment length; the thumbnail\'s end marker does not count', () => {
    const cut = 'image endommagée (fichier JPEG tronqué)';
    for (const at of [whole.length - 2, Math.floor(whole.length * 0.6), sos + 6, sos - 20, 5, 3]) {
      expect(jpegDamage(whole.subarray(0, at)), `cut at ${at} of ${whole.length}`).toBe(cut);
    }
    const phone = withApp1(thumbnail);
    expect(jpegDamage(phone.subarray(0, phone.length - 300))).toBe(cut);
    expect(jpegDamage(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBe('image endommagée (JPEG sans image)');
  });

  it('the editor, the class summary and the export read the same answer (image-missing, a frame in the export)', () => {
    const dir = join(root, 'jpeg');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'entiere.jpg'), whole);
    writeFileSync(join(dir, 'coupee.jpg'), whole.subarray(0, Math.floor(whole.length * 0.7)));
    const report = join(dir, 'rapport.md');
    expect(checkedImage(report, 'entiere.jpg')).toMatchObject({ ok: true, kind: 'jpeg', widthPx: width, heightPx: height });
    expect(checkedImage(report, 'coupee.jpg')).toEqual({ ok: false, reason: 'image endommagée (fichier JPEG tronqué)' });
    expect(loadImage(report, 'coupee.jpg')).toEqual({ ok: false, reason: 'image endommagée (fichier JPEG tronqué)' });
  });

  it('a photo larger than the first bytes read: its end is found in its last bytes, or after a video appended to it', () => {
    const w = 1000;
    const h = 800;
    const noise = Buffer.alloc(w * h * 4);
    let seed = 7;
    for (let i = 0; i < noise.length; i++) noise[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const photo = Buffer.from(jpeg.encode({ data: noise, width: w, height: h }, 95).data);
    expect(photo.length).toBeGreaterThan(600 * 1024); // beyond the 512 KB head
    const video = Buffer.alloc(300 * 1024, 0x42);
    const dir = join(root, 'photos');
    mkdirSync(dir, { recursive: true });
    const files: Record<string, Buffer> = {
      'entiere.jpg': photo,
      'coupee.jpg': photo.subarray(0, Math.floor(photo.length * 0.8)),
      'animee.jpg': Buffer.concat([photo, video]),
      'animee-coupee.jpg': Buffer.concat([photo, video]).subarray(0, Math.floor(photo.length * 0.8)),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const report = join(dir, 'rapport.md');
    const reasons = Object.keys(files).map((name) => {
      const r = checkedImage(report, name);
      return [name, r.ok ? 'ok' : r.reason];
    });
    expect(reasons).toEqual([
      ['entiere.jpg', 'ok'],
      ['coupee.jpg', 'image endommagée (fichier JPEG tronqué)'],
      ['animee.jpg', 'ok'],
      ['animee-coupee.jpg', 'image endommagée (fichier JPEG tronqué)'],
    ]);
  });
});

describe('svgDepth', () => {
  it('counts how deep the elements nest, leaving out comments, CDATA, the doctype and self-closed elements', () => {
    expect(svgDepth('<svg><g><rect/></g></svg>')).toBe(2);
    expect(svgDepth('<?xml version="1.0"?><!DOCTYPE svg><!-- <g><g><g> --><svg><g><g></g></g><![CDATA[<a><b><c>]]></svg>')).toBe(3);
    expect(svgDepth('<svg><text>a > b <tspan>x</tspan></text><path d="M0 0" /></svg>')).toBe(3);
    expect(svgDepth(`<svg>${'<g>'.repeat(5000)}${'</g>'.repeat(5000)}</svg>`)).toBe(5001);
    // Unbalanced closings never go below zero; a comment left open ends the count.
    expect(svgDepth('</g></g><svg><g></g></svg>')).toBe(2);
    expect(svgDepth('<svg><!-- <g><g><g>')).toBe(1);
    // A `>` inside an attribute value ends no tag.
    expect(svgDepth('<svg><path title="a>b" d="M0 0"/><g data-x=\'1>2\'><rect/></g></svg>')).toBe(2);
  });

  it('stays linear on tags never closed (hostile input: 2x the input, not 4x the time)', () => {
    const time = (n: number) => {
      const texts = [`<svg>${'<a'.repeat(n)}`, `<svg>${'<g title="'.repeat(n)}`];
      const t0 = performance.now();
      for (const t of texts) svgDepth(t);
      return performance.now() - t0;
    };
    expectLinear(time, 40_000, 50);
  });
});
