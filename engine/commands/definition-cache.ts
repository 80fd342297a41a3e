/**
 * Deployed definitions, compiled, by id. Rows are immutable (a change is a new version), so
 * caching them is always safe; cases are never cached. "Latest version of a key" is asked of the
 * database every time, since another node may have deployed a newer one.
 */
import type { EntityManager } from '@mikro-orm/knex';
import type { CompiledProcess } from '../../definitions';
import { graphUsesJavaScript, loadScriptSandbox } from '../../definitions/expressions/script';
import type { FormSchema } from '../forms';
import { ProcessDefinition } from '../persistence/process-definition/process-definition.entity';
import { NotFoundError } from './errors';
import { Sql, sql } from './sql/literal';
import type { Unit } from './unit-of-work';

export interface LoadedDefinition {
  id: string;
  key: string;
  version: number;
  name: string | null;
  sha256: string;
  compiled: CompiledProcess;
  forms: Record<string, FormSchema>;
  deployedBy: string;
  deployedAt: Date;
}

/** Where definitions are read from: a command's session, or the ORM for queries. */
export interface DefinitionSource {
  byId(id: string): Promise<LoadedDefinition | undefined>;
  /** Id of the given version of a key, or of its latest version. */
  idOf(key: string, version?: number): Promise<string | undefined>;
}

/** Enough for any realistic estate; past it the oldest entries are dropped and reloaded on demand. */
const MAX_ENTRIES = 1000;

export class DefinitionCache {
  private readonly byId = new Map<string, LoadedDefinition>();
  /** The latest version seen per key: a hint only, which a command checks when it commits. */
  private readonly latest = new Map<string, string>();

  remember(definition: LoadedDefinition): LoadedDefinition {
    if (this.byId.size >= MAX_ENTRIES) {
      this.byId.delete(this.byId.keys().next().value as string);
      this.latest.clear();
    }
    this.byId.set(definition.id, definition);
    return definition;
  }

  async get(source: DefinitionSource, id: string): Promise<LoadedDefinition> {
    const cached = this.byId.get(id);
    if (cached) return cached;
    const loaded = await source.byId(id);
    if (!loaded) throw new NotFoundError('Definition', id);
    // Its cases run JavaScript in steps, which are synchronous: load the sandbox before the first.
    if (graphUsesJavaScript(loaded.compiled.graph)) await loadScriptSandbox();
    return this.remember(loaded);
  }

  /** The given version of a key, or its latest when `version` is absent. */
  async find(source: DefinitionSource, key: string, version?: number): Promise<LoadedDefinition | undefined> {
    const id = await source.idOf(key, version);
    if (id && version === undefined) this.latest.set(key, id);
    return id ? this.get(source, id) : undefined;
  }

  /** A version this node just deployed is the latest of its key. */
  deployed(definition: LoadedDefinition): void {
    this.remember(definition);
    this.latest.set(definition.key, definition.id);
  }

  /** The latest version this node has seen of a key, without asking the database. */
  latestSeen(key: string): LoadedDefinition | undefined {
    const id = this.latest.get(key);
    return id ? this.byId.get(id) : undefined;
  }

  async require(source: DefinitionSource, key: string, version?: number): Promise<LoadedDefinition> {
    const found = await this.find(source, key, version);
    if (!found)
      throw new NotFoundError(
        'Definition',
        version === undefined ? key : `${key}@${version}`,
        'deploy it first, or check the key (the BPMN process id)',
      );
    return found;
  }
}

const COLUMNS = Sql.raw('"id", "key", "version", "name", "sha256", "compiled", "forms", "deployed_by", "deployed_at"');

/** Definitions read through a command's own session. A class, so that no closures are made per command. */
class UnitSource implements DefinitionSource {
  constructor(private readonly unit: Unit) {}

  async byId(id: string): Promise<LoadedDefinition | undefined> {
    return (
      await this.unit.select<LoadedDefinition>(sql`select ${COLUMNS} from "process_definitions" where "id" = ${id}`)
    )[0];
  }

  async idOf(key: string, version?: number): Promise<string | undefined> {
    const [row] = await this.unit.select<{ id: string }>(
      version === undefined
        ? sql`select "id" from "process_definitions" where "key" = ${key} order by "version" desc limit 1`
        : sql`select "id" from "process_definitions" where "key" = ${key} and "version" = ${version}`,
    );
    return row?.id;
  }
}

export function unitSource(unit: Unit): DefinitionSource {
  return new UnitSource(unit);
}

export function ormSource(em: EntityManager): DefinitionSource {
  return {
    byId: async (id) => {
      const row = await em.findOne(ProcessDefinition, id, { disableIdentityMap: true });
      return row ? loadedFrom(row) : undefined;
    },
    idOf: async (key, version) => {
      const [row] = await em.find(ProcessDefinition, version === undefined ? { key } : { key, version }, {
        fields: ['id'],
        orderBy: { version: 'desc' },
        limit: 1,
        disableIdentityMap: true,
      });
      return row?.id;
    },
  };
}

function loadedFrom(row: ProcessDefinition): LoadedDefinition {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name ?? null,
    sha256: row.sha256,
    compiled: row.compiled as unknown as CompiledProcess,
    forms: row.forms as unknown as Record<string, FormSchema>,
    deployedBy: row.deployedBy,
    deployedAt: row.deployedAt,
  };
}
