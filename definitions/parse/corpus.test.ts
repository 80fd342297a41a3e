/**
 * Every file of the BPMN corpus in test/corpus/models (269 real models, see its SOURCES.md) either parses or is
 * refused with a DefinitionParseError: parse never crashes on real input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeDefinitionBytes } from './decode';
import { parseDefinition, type ParsedDefinition } from './parse-definition';
import { DefinitionParseError } from './parse-error';

const CORPUS = fileURLToPath(new URL('../../test/corpus/models', import.meta.url));
const files = readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.bpmn') || f.endsWith('.bpmn20.xml'))
  .sort();

async function parseFile(file: string): Promise<ParsedDefinition> {
  return parseDefinition(decodeDefinitionBytes(readFileSync(join(CORPUS, file))));
}

describe('the BPMN corpus', () => {
  it('holds the 269 files its SOURCES.md lists', () => {
    expect(files).toHaveLength(269);
  });

  it('parses every file or refuses it with a DefinitionParseError', async () => {
    const outcomes: Record<string, string> = {};
    for (const file of files) {
      outcomes[file] = await parseFile(file).then(
        () => 'parsed',
        (error: unknown) => (error instanceof DefinitionParseError ? error.code : `crash: ${String(error)}`),
      );
    }
    expect(Object.entries(outcomes).filter(([, outcome]) => outcome.startsWith('crash'))).toEqual([]);
    expect(outcomes['bpmn-moddle/error/not-bpmn.bpmn']).toBe('NOT_BPMN');
    // Executable models from each vendor family all parse.
    const executable = files.filter((f) =>
      /^(camunda-bpm-examples|flowable-examples|lib-bpmn-engine|bpmn-elements)\//.test(f),
    );
    expect(executable.filter((f) => outcomes[f] !== 'parsed')).toEqual([]);
    // Only test fixtures without a process are refused (for instance empty-definitions.bpmn).
    const refused = Object.entries(outcomes)
      .filter(([, o]) => o !== 'parsed')
      .map(([f, o]) => `${o} ${relative('.', f)}`);
    expect(
      refused.every((r) => r.startsWith('NO_PROCESS bpmn-moddle/') || r === 'NOT_BPMN bpmn-moddle/error/not-bpmn.bpmn'),
    ).toBe(true);
  }, 60_000);

  it('reads camunda: attributes through get() and zeebe: extension elements as typed objects', async () => {
    const twitter = await parseFile(
      'camunda-bpm-examples/spring-boot-starter/example-twitter/src/main/resources/TwitterDemoProcess.bpmn',
    );
    const review = twitter.elementsById.user_task_review_tweet;
    expect([review.get('camunda:assignee'), review.formKey, review.get('camunda:formKey')]).toEqual([
      'demo',
      'embedded:app:forms/reviewTweet.html',
      'embedded:app:forms/reviewTweet.html',
    ]);
    expect(twitter.locations.get('user_task_review_tweet')).toEqual({ line: 68, column: 5 });

    const zeebe = await parseFile('miwg-reference/C.9.0.bpmn');
    const definitions = Object.values(zeebe.elementsById)
      .flatMap((el) => el.extensionElements?.values ?? [])
      .filter((ext: { $type: string }) => ext.$type === 'zeebe:TaskDefinition');
    expect(definitions.map((d: { type: string }) => d.type)).toContain('cancelApplication');
  });

  it('reads ISO-8859-1 files without encoding warnings', async () => {
    const parsed = await parseFile('miwg-reference/A.2.0.bpmn');
    expect(parsed.xml).toMatch(/^<\?xml version="1.0" encoding="ISO-8859-1"/);
    expect(parsed.warnings).toEqual([]);
  });
});
