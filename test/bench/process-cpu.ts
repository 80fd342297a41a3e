import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system) another process has used so far, in µs, from /proc (Linux); null
 * elsewhere, or once the process has gone.
 */
export function processCpuUs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // utime + stime, in 100 Hz ticks
  } catch {
    return null;
  }
}
