/**
 * Several statements in one round trip over PostgreSQL's extended protocol: for each statement a
 * Bind and an Execute (after a Parse of its text when it is not prepared on the connection), then
 * one Sync. Compared with a simple query of `execute name('literal', …)`, the server parses no
 * SQL for a prepared statement and does not evaluate its arguments as expressions: each value
 * goes straight to its type's input function.
 *
 * The statements run in order; the first that fails stops the rest (the server skips to the
 * Sync) and fails the round trip with PostgreSQL's error, as a multi-statement simple query does.
 * Only the last statement's rows come back (a command reads once, after its queued writes).
 */
import type pg from 'pg';

export type PipelineStep = { prepared: string; params: readonly (string | null)[] } | { text: string };

type Row = Record<string, unknown>;

/** The parts of `pg`'s connection that a submitted query writes to. */
interface WireConnection {
  parse(query: { text: string }): void;
  bind(config: { statement?: string; values?: readonly (string | null)[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
  sendCopyFail(message: string): void;
  stream: { cork?(): void; uncork?(): void };
}

interface Field {
  name: string;
  dataTypeID: number;
  format?: string;
}

/** A `pg` "submittable": the client hands it the connection and the server's messages. */
class Pipeline {
  callback?: (error: Error | null, rows?: Row[]) => void;
  private completed = 0;
  private columns?: { name: string; parse: (text: string) => unknown }[];
  private readonly rows: Row[] = [];
  private failure?: Error;

  constructor(
    private readonly client: pg.Client,
    private readonly steps: readonly PipelineStep[],
  ) {}

  submit(connection: WireConnection): null {
    const last = this.steps.length - 1;
    connection.stream.cork?.();
    try {
      this.steps.forEach((step, i) => {
        if ('prepared' in step) {
          connection.bind({ statement: step.prepared, values: step.params });
        } else {
          connection.parse({ text: step.text });
          connection.bind({});
        }
        if (i === last) connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '' });
      });
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: { fields: Field[] }): void {
    if (this.completed !== this.steps.length - 1) return;
    this.columns = message.fields.map((field) => ({
      name: field.name,
      parse: this.client.getTypeParser(field.dataTypeID, (field.format ?? 'text') as 'text') as (
        text: string,
      ) => unknown,
    }));
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    const columns = this.columns;
    if (!columns || this.completed !== this.steps.length - 1) return; // rows of a write's guard: not asked for
    try {
      const row: Row = {};
      for (let i = 0; i < columns.length; i++) {
        const text = message.fields[i];
        row[columns[i].name] = text === null ? null : columns[i].parse(text);
      }
      this.rows.push(row);
    } catch (error) {
      this.failure ??= error as Error;
    }
  }

  handleCommandComplete(): void {
    this.completed += 1;
  }

  handleEmptyQuery(): void {
    this.completed += 1;
  }

  /** The client ends the query here: no ReadyForQuery reaches this pipeline after an error. */
  handleError(error: Error): void {
    this.callback?.(error);
  }

  handleReadyForQuery(): void {
    if (this.failure) this.callback?.(this.failure);
    else this.callback?.(null, this.rows);
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: WireConnection): void {
    connection.sendCopyFail('COPY is not supported in a command');
  }

  handleCopyData(): void {}
}

/** Runs the steps in one round trip; resolves to the rows of the last. */
export function runPipeline(client: pg.Client, steps: readonly PipelineStep[]): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const pipeline = new Pipeline(client, steps);
    pipeline.callback = (error, rows) => (error ? reject(error) : resolve(rows ?? []));
    client.query(pipeline as unknown as pg.Submittable);
  });
}
