// Types of scripts/package.mjs, for the test that imports it (test/unit/package-targets.test.ts).
export interface LockedAddon {
  target: string;
  triple: string;
  name: string;
  version: string;
  integrity: string;
}
export interface Addon extends LockedAddon {
  file: string;
  bytes: Buffer;
  from: string;
}
export declare const ADDONS: { package: string; targets: Record<string, string> };
export declare const TARGETS: string[];
export declare function addonFileName(triple: string): string;
export declare function hostTarget(): string;
export declare function lockedAddon(target: string, lock?: unknown): LockedAddon;
export declare function untar(tgz: Buffer): Map<string, Buffer>;
export declare function fetchAddon(
  target: string,
  options?: { cacheDir?: string; lock?: unknown; pack?: (spec: string, dir: string) => void; installed?: boolean },
): Addon;
export declare function packageTarget(target: string, options: { vsceArgs: string[]; out: string; addon: { file: string; bytes: Buffer }; dist?: string; vsce?: string }): string;
export declare function stagedEntries(readme: string | null, dist?: string): { entry: string; from: string }[];
