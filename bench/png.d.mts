// Types of bench/png.mjs, for the tests that import it.
export declare function png(w: number, h: number, options?: { gradient?: boolean }): Buffer;
