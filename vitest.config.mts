import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// vitest's default is one fork less than the cores: one fork on these 2-core machines, every
// file in turn, while many tests wait on a child process (the server, the CLI, LibreOffice, the
// soak test's 55 s of typing into a server and its 10 s pause). One fork more than the cores:
// the cores stay busy while a fork waits (2 cores: 143-145 s with 2 forks, 119-127 s with 3,
// 123 s with 4, the same 1200 tests passing). VITEST_FORKS=N to choose.
const forks = Number(process.env.VITEST_FORKS) || availableParallelism() + 1;

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
  },
});
