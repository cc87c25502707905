// Writing an exported file: never over an existing file unless asked, never a partial file
// (the bytes go to a temporary file in the same folder, renamed when complete).

import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class OutputExists extends Error {}

export function writeExport(path: string, bytes: Buffer, force: boolean): void {
  if (!force && existsSync(path)) throw new OutputExists(`« ${path} » existe déjà : il est conservé (--force pour le remplacer)`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!force && existsSync(path)) throw new OutputExists(`« ${path} » existe déjà : il est conservé (--force pour le remplacer)`);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
