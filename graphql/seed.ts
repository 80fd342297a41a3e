/**
 * A fresh installation gets something to try: every example service deployed (each
 * examples/<name>/ folder with a .bpmn, forms from forms/<key>.form.json, and the decision models
 * of its .dmn files first, since its business rule tasks call them) and a token per demo identity
 * (dev mode).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { SYSTEM, type Engine } from '../engine';
import type { Authenticator } from './auth/authenticate';
import { DEMO_IDENTITIES } from './auth/demo-identities';
import type { DemoSignIn } from './http';

export interface SeedReport {
  deployed: { key: string; version: number; folder: string }[];
  /** The decision models deployed beside them. */
  decisions: { key: string; version: number; folder: string }[];
  /** Folders whose model did not deploy, with the first issue codes. */
  failed: { folder: string; file: string; reason: string }[];
}

type DeployOutcome =
  | { kind: 'deployed'; definition: { key: string; version: number } }
  | { kind: string; issues: { code: string; elementId?: string | null }[] };

/** Deploys one file of an example folder and notes in the report what became of it. */
async function deployFile(
  folder: string,
  file: string,
  into: SeedReport['deployed'],
  report: SeedReport,
  deploy: () => Promise<DeployOutcome>,
): Promise<void> {
  try {
    const result = await deploy();
    if (result.kind === 'deployed' && 'definition' in result)
      into.push({ key: result.definition.key, version: result.definition.version, folder });
    else if ('issues' in result)
      report.failed.push({
        folder,
        file,
        reason: result.issues
          .slice(0, 3)
          .map((i) => `${i.code} ${i.elementId ?? ''}`.trim())
          .join(', '),
      });
  } catch (error) {
    report.failed.push({ folder, file, reason: error instanceof Error ? error.message : String(error) });
  }
}

/** True when no definition is deployed yet. */
export async function isFresh(engine: Engine): Promise<boolean> {
  return (await engine.definitions({ first: 1 }, SYSTEM)).items.length === 0;
}

export async function deployExamples(engine: Engine, examplesDir: string, log: Logger): Promise<SeedReport> {
  const report: SeedReport = { deployed: [], decisions: [], failed: [] };
  if (!existsSync(examplesDir)) return report;
  const actor = DEMO_IDENTITIES.analyst;
  for (const folder of readdirSync(examplesDir).sort()) {
    const dir = join(examplesDir, folder);
    if (!statSync(dir).isDirectory()) continue;
    const models = readdirSync(dir)
      .filter((f) => f.endsWith('.bpmn'))
      .sort();
    if (models.length === 0) continue;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.dmn'))
      .sort()) {
      const xml = readFileSync(join(dir, file), 'utf8');
      await deployFile(folder, file, report.decisions, report, () => engine.deployDecisions({ xml, actor }));
    }
    const forms = readForms(join(dir, 'forms'));
    for (const file of models) {
      const xml = readFileSync(join(dir, file), 'utf8');
      await deployFile(folder, file, report.deployed, report, () => engine.deploy({ xml, forms, actor }));
    }
  }
  for (const failure of report.failed) log.warn(failure, 'an example did not deploy');
  log.info(
    {
      deployed: report.deployed.map((d) => `${d.key}@${d.version}`),
      decisions: report.decisions.map((d) => `${d.key}@${d.version}`),
    },
    'examples deployed',
  );
  return report;
}

function readForms(dir: string): Record<string, unknown> {
  if (!existsSync(dir)) return {};
  const forms: Record<string, unknown> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.form.json'))
    .sort()) {
    forms[file.slice(0, -'.form.json'.length)] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return forms;
}

/** A token for each demo identity, valid for `expiresIn`. */
export async function demoSignIns(authenticator: Authenticator, expiresIn = '12h'): Promise<DemoSignIn[]> {
  return Promise.all(
    Object.values(DEMO_IDENTITIES).map(async (actor) => ({
      id: actor.id,
      name: actor.name ?? actor.id,
      roles: [...actor.roles],
      groups: [...actor.groups],
      token: await authenticator.issue(actor, expiresIn),
    })),
  );
}
