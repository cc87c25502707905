// Types of bench/soak.mjs, for the tests that import it.
export declare function settledReading<T extends { rss: number }>(read: () => Promise<T>): Promise<T>;
