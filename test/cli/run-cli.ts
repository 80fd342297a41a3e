/** Runs the `rebaz` command as a user would, in a scratch folder of its own, for the CLI tests. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = resolve(__dirname, '../../engine/cli/bin.mjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `rebaz <args>`: its exit code and output, whether it succeeded or not. */
export async function rebaz(...args: string[]): Promise<CliRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as CliRun;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A new scratch folder, and a way to write files into it (returning their paths). */
export function scratchFolder(prefix: string): { dir: string; file(name: string, content: string): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
  };
}
