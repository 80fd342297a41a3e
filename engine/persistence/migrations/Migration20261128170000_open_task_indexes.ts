import { Migration } from '@mikro-orm/migrations';

/**
 * Inbox indexes hold open tasks only. A completed task leaves them (PostgreSQL adds no entry for a
 * row outside a partial index's predicate), so completing a task no longer writes a GIN entry and
 * two b-tree entries that nothing would read: inboxes list OPEN tasks, history goes by case.
 */
export class Migration20261128170000_open_task_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index "tasks_candidate_groups_index";`);
    this.addSql(`drop index "tasks_status_assignee_index";`);
    this.addSql(`drop index "tasks_status_due_at_index";`);
    this.addSql(
      `create index "tasks_open_candidate_groups_index" on "tasks" using gin ("candidate_groups") where ` +
        `"status" = 'OPEN';`,
    );
    this.addSql(`create index "tasks_open_assignee_index" on "tasks" ("assignee") where "status" = 'OPEN';`);
    this.addSql(`create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'OPEN';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "tasks_open_candidate_groups_index";`);
    this.addSql(`drop index "tasks_open_assignee_index";`);
    this.addSql(`drop index "tasks_open_due_at_index";`);
    this.addSql(`create index "tasks_candidate_groups_index" on "tasks" using gin ("candidate_groups");`);
    this.addSql(`create index "tasks_status_assignee_index" on "tasks" ("status", "assignee");`);
    this.addSql(`create index "tasks_status_due_at_index" on "tasks" ("status", "due_at");`);
  }
}
