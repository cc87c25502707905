// Types of bench/hostile.mjs, for the tests that import it.
export declare const HEAD: string;
export declare const FAMILIES: Record<string, (size: number) => string>;
export declare function cListingReport(lines?: number): string;
