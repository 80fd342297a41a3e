/**
 * `rebaz validate --json` answers every corpus file in JSON, whatever the file holds: exit 0 or 1
 * with the issues, or 2 with the reason the file could not be read as the one issue.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../engine/cli/main';
import { corpusDir, corpusFiles } from './corpus';

const dir = corpusDir();

describe('rebaz validate --json over the corpus', () => {
  it('prints one JSON object for every file, on every exit code', async () => {
    const unanswered: string[] = [];
    const exits = new Map<number, number>();
    for (const file of corpusFiles(dir)) {
      let stdout = '';
      const code = await main(
        ['validate', path.join(dir, file), '--json'],
        (text) => {
          stdout += text;
        },
        () => undefined,
      );
      exits.set(code, (exits.get(code) ?? 0) + 1);
      try {
        const answer = JSON.parse(stdout) as { valid: boolean; issues: Array<{ code: string; message: string }> };
        const consistent =
          answer.valid === (code === 0) &&
          Array.isArray(answer.issues) &&
          (code === 0 || answer.issues.some((i) => i.code && i.message));
        if (!consistent) unanswered.push(`${file}: exit ${code} with ${stdout.slice(0, 80)}`);
      } catch {
        unanswered.push(`${file}: exit ${code}, not JSON: ${stdout.slice(0, 80)}`);
      }
    }
    expect(unanswered).toEqual([]);
    expect([...exits.keys()].sort()).toEqual([0, 1, 2]);
  }, 120_000);
});
