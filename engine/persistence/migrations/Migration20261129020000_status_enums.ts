import { Migration } from '@mikro-orm/migrations';

/** The inbox indexes, by name: their predicates name the status, so they are rebuilt around its change. */
const OPEN_TASK_INDEXES: Record<string, string> = {
  tasks_open_candidate_groups_index: `on "tasks" using gin ("candidate_groups") where "status" = 'OPEN'`,
  tasks_open_assignee_index: `on "tasks" ("assignee") where "status" = 'OPEN'`,
  tasks_open_due_at_index: `on "tasks" ("due_at") where "status" = 'OPEN' and "due_at" is not null`,
};

/**
 * A case's and a task's status are native enums instead of text with a check constraint. Every
 * statement that writes a row with a check has PostgreSQL read the check's expression back from
 * its stored text form and plan it again (`stringToNode`, `expression_planner`): on the command
 * path, which writes cases and tasks in every command, that was about 2% of the machine's CPU per
 * case. An enum keeps the same guarantee (no other value can be stored) at the cost of a cached
 * lookup of the label. The columns read and compare as text as before (`status = 'OPEN'`).
 * The other indexes on the columns are rebuilt by the type change itself.
 */
export class Migration20261129020000_status_enums extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "case_status" as enum ('ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', 'CANCELLED');`);
    this.addSql(`create type "task_status" as enum ('OPEN', 'COMPLETED', 'CANCELLED');`);
    this.addSql(`alter table "cases" drop constraint "cases_status_check";`);
    this.addSql(`alter table "cases" alter column "status" type "case_status" using "status"::"case_status";`);
    this.aroundOpenTaskIndexes(() => {
      this.addSql(`alter table "tasks" drop constraint "tasks_status_check";`);
      this.addSql(`alter table "tasks" alter column "status" type "task_status" using "status"::"task_status";`);
    });
  }

  override async down(): Promise<void> {
    this.aroundOpenTaskIndexes(() => {
      this.addSql(`alter table "tasks" alter column "status" type text using "status"::text;`);
      this.addSql(
        `alter table "tasks" add constraint "tasks_status_check" check ("status" in ('OPEN', 'COMPLETED', ` +
          `'CANCELLED'));`,
      );
    });
    this.addSql(`alter table "cases" alter column "status" type text using "status"::text;`);
    this.addSql(
      `alter table "cases" add constraint "cases_status_check" check ("status" in ('ACTIVE', 'COMPLETED', ` +
        `'TERMINATED', 'INCIDENT', 'CANCELLED'));`,
    );
    this.addSql(`drop type "task_status";`);
    this.addSql(`drop type "case_status";`);
  }

  /** Drops the inbox indexes, adds what `change` adds, then creates them again. */
  private aroundOpenTaskIndexes(change: () => void): void {
    for (const name of Object.keys(OPEN_TASK_INDEXES)) this.addSql(`drop index "${name}";`);
    change();
    for (const [name, definition] of Object.entries(OPEN_TASK_INDEXES))
      this.addSql(`create index "${name}" ${definition};`);
  }
}
