/**
 * The PGlite driver, with values kept apart from SQL text. MikroORM's `execute` writes every
 * value into the statement as a literal, and the knex PGlite dialect sends a raw statement with a
 * `;` anywhere in it (a `;` inside a quoted value included) through `exec()`, the simple query
 * protocol, with no parameters at all and a result of another shape. Here a statement with values
 * always goes through `query(text, parameters)`: one statement, its values as Bind parameters.
 * Only SQL text without values (migrations) may hold several statements.
 */
import type { PGliteInterface, Results } from '@electric-sql/pglite';
import type { AnyEntity, Configuration, EntityData, LoggingOptions, QueryResult, Transaction } from '@mikro-orm/core';
import { AbstractSqlDriver, PostgreSqlPlatform, type Knex } from '@mikro-orm/postgresql';
import { PGliteConnection, PGliteKnexDialect } from 'mikro-orm-pglite';

/** Where a statement's parameters ride from `execute` to the dialect (a knex raw's options). */
const PARAMETERS = 'rebazParameters';

type QueryObject = Parameters<PGliteKnexDialect['_query']>[1] & { options?: Record<string, unknown> };

/**
 * MikroORM's placeholders (`?` a value, `??` an identifier, `\?` a question mark; an array
 * value is a list) turned into `$1…$n` with the values beside, instead of inlined literals.
 */
export function positional(
  text: string,
  values: readonly unknown[],
  quoteIdentifier: (id: string) => string,
): { text: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  let next = 0;
  const placeholder = (value: unknown) => {
    parameters.push(parameterValue(value));
    return `$${parameters.length}`;
  };
  const out = text.replace(/\\\?|\?\?|\?/g, (token) => {
    if (token === '\\?') return '?';
    const value = values[next++];
    if (token === '??') return quoteIdentifier(String(value));
    return Array.isArray(value) ? value.map(placeholder).join(', ') : placeholder(value);
  });
  return { text: out, parameters };
}

function parameterValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || value instanceof Date || ArrayBuffer.isView(value)) return value;
  return JSON.stringify(value);
}

/**
 * The dialect's `_query`, except that a statement with values goes as one parameterised query
 * and never through `exec`. (A subclass, not a patched instance: knex builds each transaction's
 * client from the dialect's prototype.)
 */
class ParameterisedDialect extends PGliteKnexDialect {
  override async _query(connection: PGliteInterface, obj: QueryObject): Promise<QueryObject> {
    const parameters = obj.options?.[PARAMETERS] as unknown[] | undefined;
    if (obj.sql && parameters) return Object.assign(obj, { response: await connection.query(obj.sql, parameters) });
    if (obj.sql && obj.bindings?.length)
      return Object.assign(obj, { response: await connection.query(obj.sql, obj.bindings) });
    const done = await super._query(connection, obj);
    // Text the dialect took for several statements but that ran as one: give it one's shape.
    if (Array.isArray(done.response) && done.response.length === 1) done.response = done.response[0];
    return done;
  }
}

class ParameterisedPGliteConnection extends PGliteConnection {
  override createKnex(): void {
    // As PGliteConnection.createKnex, with the parameterised dialect.
    this.client = this.createKnexClient(ParameterisedDialect as unknown as string);
    const dialect = this.client.client as { ormConfig?: unknown; driver?: unknown };
    dialect.ormConfig = this.config;
    dialect.driver = (this as unknown as { dialectDataSource: unknown }).dialectDataSource;
    this.connected = true;
  }

  override async execute<
    T extends QueryResult | EntityData<AnyEntity> | EntityData<AnyEntity>[] = EntityData<AnyEntity>[],
  >(
    queryOrKnex: string | Knex.QueryBuilder | Knex.Raw,
    params: unknown[] = [],
    method: 'all' | 'get' | 'run' = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    let text: string;
    let values: readonly unknown[] = params;
    if (typeof queryOrKnex === 'string') text = queryOrKnex;
    else {
      ctx ??= (queryOrKnex as unknown as { client: { transacting?: boolean } }).client.transacting
        ? (queryOrKnex as unknown as Transaction)
        : undefined;
      const compiled = queryOrKnex.toSQL();
      text = compiled.sql;
      values = compiled.bindings ?? [];
    }
    if (values.length === 0) return super.execute<T>(text, [], method, ctx, loggerContext);
    await this.ensureConnection();
    const platform = this.platform;
    const statement = positional(text, values, (id) => platform.quoteIdentifier(id));
    return this.executeQuery(
      statement.text,
      async () => {
        const query = this.getKnex()
          .raw(statement.text)
          .options({ [PARAMETERS]: statement.parameters });
        if (ctx) query.transacting(ctx as Knex.Transaction);
        return this.transformRawResult<T>((await query) as Results, method);
      },
      { query: text, params: [...values], ...loggerContext },
    );
  }
}

export class PGliteDriver extends AbstractSqlDriver<ParameterisedPGliteConnection> {
  constructor(config: Configuration) {
    super(config, new PostgreSqlPlatform(), ParameterisedPGliteConnection, [
      'knex',
      '@electric-sql/pglite',
      '@harryplusplus/knex-pglite',
    ]);
  }
}
