// Types of bench/pages-corpus.mjs, for the tests that import it.
export interface CalibrationReport {
  name?: string;
  bts: string;
  pageModel?: Record<string, unknown>;
  markdown: string;
  /** Image files of the report: path relative to it → pixel size. */
  images: Record<string, { width: number; height: number }>;
}
export interface CalibrationOptions {
  short?: boolean;
  headings?: boolean;
  code?: boolean;
  footnotes?: boolean;
  toc?: 'marker' | 'frontmatter' | 'handwritten';
  annexes?: number;
  annexLong?: number;
  files?: boolean;
}
export declare function calibrationReport(seed: number, bts: string, size: number, opts?: CalibrationOptions): { markdown: string; images: CalibrationReport['images'] };
export declare function calibrationCorpus(): (CalibrationReport & { name: string; half: 'a' | 'b'; pageModel: Record<string, unknown> })[];
export declare function writeCalibrationReport(dir: string, report: CalibrationReport): string;
