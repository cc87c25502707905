import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// vitest's default is one fork less than the cores: one fork on these 2-core machines, every
// file in turn, while many tests wait on a child process (the server, the CLI, LibreOffice, the
// soak test's 55 s of typing into a server and its 10 s pause). One fork more than the cores:
// the cores stay busy while a fork waits (2 cores: 143-145 s with 2 forks, 119-127 s with 3,
// 123 s with 4, the same 1200 tests passing). VITEST_FORKS=N to choose.
const forks = Number(process.env.VITEST_FORKS) || availableParallelism() + 1;

/**
 * The longest files start first, so that none is left running alone at the end (a fresh clone
 * has no timings of a previous run, and vitest then starts the largest files first: the soak
 * test, 55-90 s of typing into a server, started at 80 s and ended the run at 167 s). After
 * these, vitest's own order (the previous run's timings when it has them).
 */
const LONGEST_FIRST = [
  'test/lsp/soak.test.ts',
  'test/unit/incremental.test.ts',
  'test/cli/classe.test.ts',
  'test/unit/robustness.test.ts',
  'test/cli/cli.test.ts',
  'test/unit/parse.test.ts',
  'test/unit/export-docx-libreoffice.test.ts',
  'test/unit/package.test.ts',
  'test/cli/export.test.ts',
  'test/unit/hostile.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.findIndex((name) => f.moduleId.replaceAll('\\', '/').endsWith(name));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
  }
}

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/lsp/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // The test files share their worker's module cache: the core keeps nothing between analyses
    // but pure memos, and each file builds what it needs. Importing the server modules again for
    // every file cost about a third of the run's CPU (277 s -> 196 s for the whole suite, the same
    // tests passing).
    isolate: false,
    maxWorkers: forks,
    minWorkers: forks,
    globalSetup: ['test/setup/build.ts'],
    sequence: { sequencer: LongestFirst },
  },
});
