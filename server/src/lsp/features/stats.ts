// `rapport/stats`: a debugging request returning the server's process id and memory use.
// The benchmark (bench/run.mjs) reads the heap with the 100-page report open; the real-editor
// tests use `pid` to kill the server and check that the client restarts it.

import { STATS_REQUEST, type ServerStats } from '../../protocol';
import type { ServerContext } from './context';

/** `extra` adds host details (e.g. how the last analyses were computed). */
export function registerStats(ctx: ServerContext, extra: () => Record<string, unknown> = () => ({})): void {
  ctx.connection.onRequest(STATS_REQUEST, (params: { gc?: boolean } | undefined): ServerStats => {
    // With --expose-gc, `{ gc: true }` collects garbage first, for a stable heap figure.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (params?.gc && gc) gc();
    return {
      pid: process.pid,
      memory: process.memoryUsage(),
      uptimeSeconds: process.uptime(),
      documents: ctx.documents.all().length,
      ...extra(),
    };
  });
}
