// CPU time of what a bench runs as child processes (bench/classe.mjs, bench/test-time.mjs).

import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of this process's finished children and their descendants
 * (Linux: cutime + cstime of /proc/self/stat, counted when a child is reaped): a command's
 * whole process tree, every thread included. Undefined where /proc is missing.
 */
export function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}
