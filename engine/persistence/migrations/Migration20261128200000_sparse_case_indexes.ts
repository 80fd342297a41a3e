import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes on columns that are usually empty hold only the rows that have a value. A case without
 * a business key, an idempotency key, an applicant or a parent (and a task without a due date)
 * then writes no entry to them: a case used to write 8 b-tree entries at its start and 8 again
 * when it ended, up to 4 of each for NULLs that no query looks up. Uniqueness is unchanged
 * (NULLs never collided), the constraint names stay (errors name them), and every lookup is by
 * `= value`, which PostgreSQL knows implies `is not null`.
 */
export class Migration20261128200000_sparse_case_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "cases" drop constraint "cases_idempotency_key_unique";`);
    this.addSql(`alter table "cases" drop constraint "cases_definition_key_business_key_unique";`);
    this.addSql(`drop index "cases_applicant_index";`);
    this.addSql(`drop index "cases_parent_case_id_index";`);
    this.addSql(`drop index "tasks_open_due_at_index";`);
    this.addSql(
      `create unique index "cases_idempotency_key_unique" on "cases" ("idempotency_key") where ` +
        `"idempotency_key" is not null;`,
    );
    this.addSql(
      `create unique index "cases_definition_key_business_key_unique" on "cases" ("definition_key", ` +
        `"business_key") where "business_key" is not null;`,
    );
    this.addSql(`create index "cases_applicant_index" on "cases" ("applicant") where "applicant" is not null;`);
    this.addSql(
      `create index "cases_parent_case_id_index" on "cases" ("parent_case_id") where "parent_case_id" is not null;`,
    );
    this.addSql(
      `create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'OPEN' and "due_at" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cases_idempotency_key_unique";`);
    this.addSql(`drop index "cases_definition_key_business_key_unique";`);
    this.addSql(`drop index "cases_applicant_index";`);
    this.addSql(`drop index "cases_parent_case_id_index";`);
    this.addSql(`drop index "tasks_open_due_at_index";`);
    this.addSql(`alter table "cases" add constraint "cases_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(
      `alter table "cases" add constraint "cases_definition_key_business_key_unique" unique ` +
        `("definition_key", "business_key");`,
    );
    this.addSql(`create index "cases_applicant_index" on "cases" ("applicant");`);
    this.addSql(`create index "cases_parent_case_id_index" on "cases" ("parent_case_id");`);
    this.addSql(`create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'OPEN';`);
  }
}
