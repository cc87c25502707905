import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// vitest's default is one fork less than the cores: one fork on these 2-core machines, every
// file in turn, while many tests wait on a child process (the server, the CLI, LibreOffice).
const forks = Math.max(2, availableParallelism() - 1);

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
    // At least two forks: the suite 183 s -> 102-124 s wall here, the same tests passing.
    maxWorkers: forks,
    minWorkers: forks,
    globalSetup: ['test/setup/build.ts'],
  },
});
