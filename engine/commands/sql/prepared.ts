/**
 * Prepared statements for the command path. SQL text sent as is gets parsed, analysed and
 * planned afresh every time: measured, that was 40% of the database's CPU per case. A statement
 * shape (its `template`, values as `$n`) that has been used a few times is prepared once on each
 * connection, outside any transaction, and then runs by name: on PostgreSQL as Bind and Execute
 * in a pipeline (pipeline.ts), on PGlite as `execute name(values…)` in a simple query.
 *
 * A shape PostgreSQL cannot prepare (a parameter whose type it cannot infer) is remembered and
 * keeps running as text. Shapes are capped, so statements built with ever-changing text (long
 * `in` lists) cannot fill the server's memory. A prepared statement lives in its connection's
 * session: behind a proxy that hands out connections per transaction (PgBouncer in transaction
 * mode), set REBAZ_PREPARED_STATEMENTS=off and every statement goes as text.
 */
import type { Sql } from './literal';

/** Uses of a shape, process-wide, before connections prepare it. */
const HOT_AFTER = 3;
/** Shapes counted; past this, new shapes run as text. */
const MAX_SHAPES = 500;

interface Shape {
  name: string;
  /** The statement with `$1…$n` for its values. */
  template: string;
  uses: number;
  /** PostgreSQL refused to prepare it: it runs as text. */
  refused: boolean;
}

type RunText = (text: string) => Promise<unknown>;

export class PreparedStatements {
  constructor(private readonly enabled = true) {}

  private readonly shapes = new Map<string, Shape>();
  /** Shapes used often enough to prepare, in the order they became so. */
  private readonly hot: Shape[] = [];
  /** Per connection: the shapes prepared on it, and how far down `hot` it has been brought. */
  private readonly connections = new WeakMap<object, { prepared: Set<Shape>; checked: number }>();

  /** Counts a use of the statement's shape. */
  note(statement: Sql): void {
    if (!this.enabled || statement.rawValues.length === 0) return; // nothing to bind: as cheap as text
    const template = statement.template;
    let shape = this.shapes.get(template);
    if (!shape) {
      if (this.shapes.size >= MAX_SHAPES) return;
      shape = { name: `rebaz_${this.shapes.size + 1}`, template, uses: 0, refused: false };
      this.shapes.set(template, shape);
    }
    shape.uses += 1;
    if (shape.uses === HOT_AFTER) this.hot.push(shape);
  }

  /** Prepares on `connection` the hot shapes it lacks, each alone (a refusal touches nothing else). */
  async prepare(connection: object, run: RunText): Promise<void> {
    let state = this.connections.get(connection);
    if (!state) this.connections.set(connection, (state = { prepared: new Set(), checked: 0 }));
    for (; state.checked < this.hot.length; state.checked++) {
      const shape = this.hot[state.checked];
      if (shape.refused) continue;
      try {
        await run(`prepare ${shape.name} as ${shape.template}`);
        state.prepared.add(shape);
      } catch (error) {
        // Class 42 (e.g. 42P18, a parameter of undeterminable type): this shape cannot be prepared.
        if (!String((error as { code?: string }).code ?? '').startsWith('42')) throw error;
        shape.refused = true;
      }
    }
  }

  /** The name of the statement's shape when it is prepared on `connection`. */
  nameOn(connection: object, statement: Sql): string | undefined {
    const shape = statement.rawValues.length ? this.shapes.get(statement.template) : undefined;
    return shape && this.connections.get(connection)?.prepared.has(shape) ? shape.name : undefined;
  }

  /** The statement as `execute` when its shape is prepared on `connection`, else as text. */
  render(connection: object, statement: Sql): string {
    const name = this.nameOn(connection, statement);
    return name ? `execute ${name}(${statement.values.join(', ')})` : statement.text;
  }
}

/** One registry per process: shapes are the engine's own statements, the same for every database. */
export const preparedStatements = new PreparedStatements(process.env.REBAZ_PREPARED_STATEMENTS !== 'off');
