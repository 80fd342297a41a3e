import { Migration } from '@mikro-orm/migrations';

const OPEN_TASK_INDEXES = [
  `create index "tasks_open_candidate_groups_index" on "tasks" using gin ("candidate_groups") where "status" = 'OPEN';`,
  `create index "tasks_open_assignee_index" on "tasks" ("assignee") where "status" = 'OPEN';`,
  `create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'OPEN' and "due_at" is not null;`,
];

/**
 * A case's and a task's status are native enums instead of text with a check constraint. Every
 * statement that writes a row with a check has PostgreSQL read the check's expression back from
 * its stored text form and plan it again (`stringToNode`, `expression_planner`): on the command
 * path, which writes cases and tasks in every command, that was about 2% of the machine's CPU per
 * case. An enum keeps the same guarantee (no other value can be stored) at the cost of a cached
 * lookup of the label. The columns read and compare as text as before (`status = 'OPEN'`).
 *
 * The partial inbox indexes name the status in their predicate, so they are rebuilt around the
 * type change; the other indexes on the columns are rebuilt by the change itself.
 */
export class Migration20261129020000_status_enums extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "case_status" as enum ('ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', 'CANCELLED');`);
    this.addSql(`create type "task_status" as enum ('OPEN', 'COMPLETED', 'CANCELLED');`);
    this.addSql(`alter table "cases" drop constraint "cases_status_check";`);
    this.addSql(`alter table "cases" alter column "status" type "case_status" using "status"::"case_status";`);
    for (const name of ['tasks_open_candidate_groups_index', 'tasks_open_assignee_index', 'tasks_open_due_at_index']) this.addSql(`drop index "${name}";`);
    this.addSql(`alter table "tasks" drop constraint "tasks_status_check";`);
    this.addSql(`alter table "tasks" alter column "status" type "task_status" using "status"::"task_status";`);
    for (const statement of OPEN_TASK_INDEXES) this.addSql(statement);
  }

  override async down(): Promise<void> {
    for (const name of ['tasks_open_candidate_groups_index', 'tasks_open_assignee_index', 'tasks_open_due_at_index']) this.addSql(`drop index "${name}";`);
    this.addSql(`alter table "tasks" alter column "status" type text using "status"::text;`);
    this.addSql(`alter table "tasks" add constraint "tasks_status_check" check ("status" in ('OPEN', 'COMPLETED', 'CANCELLED'));`);
    for (const statement of OPEN_TASK_INDEXES) this.addSql(statement);
    this.addSql(`alter table "cases" alter column "status" type text using "status"::text;`);
    this.addSql(`alter table "cases" add constraint "cases_status_check" check ("status" in ('ACTIVE', 'COMPLETED', 'TERMINATED', 'INCIDENT', 'CANCELLED'));`);
    this.addSql(`drop type "task_status";`);
    this.addSql(`drop type "case_status";`);
  }
}
