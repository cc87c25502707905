// Types of bench/generate.mjs, for the tests that import it.
export declare const WORDS_PER_PAGE: number;
export declare function mulberry32(seed: number): () => number;
export declare function generateReport(options?: { pages?: number; seed?: number; bts?: string; eol?: string }): string;
export declare function prose(rand: () => number, words: number): string[];
