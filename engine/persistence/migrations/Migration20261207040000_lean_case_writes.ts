import { Migration } from '@mikro-orm/migrations';

/**
 * Less written per step (counted in WAL bytes per case, docs/performance.md):
 * - the snapshot is `json`, not `jsonb`: nothing queries inside it, and its text form is a
 *   quarter smaller than jsonb's binary one for the small objects a token marking is made of; the
 *   whole case row is rewritten at every step;
 * - the index of cases by service and status is gone: each case wrote an entry at its start and
 *   again at its end (the status changes), and lists of a service's cases by status walk the
 *   index by service and start time, newest first, as they are shown;
 * - the index of cases by service and end time holds ended cases only (the open-data months and
 *   retention look up ended cases), so a start writes no entry there;
 * - an applicant's cases are indexed with their start time, the order their list is shown in.
 */
export class Migration20261207040000_lean_case_writes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "cases" alter column "snapshot" type json using "snapshot"::json;`);
    this.addSql(`drop index "cases_definition_key_status_index";`);
    this.addSql(`drop index "cases_definition_key_ended_at_index";`);
    this.addSql(
      `create index "cases_definition_key_ended_at_index" on "cases" ("definition_key", "ended_at") where ` +
        `"ended_at" is not null;`,
    );
    this.addSql(`drop index "cases_applicant_index";`);
    this.addSql(
      `create index "cases_applicant_index" on "cases" ("applicant", "started_at") where "applicant" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cases_applicant_index";`);
    this.addSql(`create index "cases_applicant_index" on "cases" ("applicant") where "applicant" is not null;`);
    this.addSql(`drop index "cases_definition_key_ended_at_index";`);
    this.addSql(`create index "cases_definition_key_ended_at_index" on "cases" ("definition_key", "ended_at");`);
    this.addSql(`create index "cases_definition_key_status_index" on "cases" ("definition_key", "status");`);
    this.addSql(`alter table "cases" alter column "snapshot" type jsonb using "snapshot"::jsonb;`);
  }
}
