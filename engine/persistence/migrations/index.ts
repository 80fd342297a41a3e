import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261128125242_initial } from './Migration20261128125242_initial';
import { Migration20261128125243_append_only } from './Migration20261128125243_append_only';
import { Migration20261128130235_engine_waits } from './Migration20261128130235_engine_waits';
import { Migration20261128131500_engine_guards } from './Migration20261128131500_engine_guards';
import { Migration20261128140058_open_data_and_privacy } from './Migration20261128140058_open_data_and_privacy';
import { Migration20261128160000_notify_function } from './Migration20261128160000_notify_function';
import { Migration20261128170000_open_task_indexes } from './Migration20261128170000_open_task_indexes';
import { Migration20261128200000_sparse_case_indexes } from './Migration20261128200000_sparse_case_indexes';
import { Migration20261128210000_definition_reference } from './Migration20261128210000_definition_reference';
import { Migration20261129020000_status_enums } from './Migration20261129020000_status_enums';
import { Migration20261206232549_unmarked_personal } from './Migration20261206232549_unmarked_personal';
import { Migration20261207000233_decision_definitions } from './Migration20261207000233_decision_definitions';
import { Migration20261207020000_command_results } from './Migration20261207020000_command_results';
import { Migration20261207030000_case_migrations } from './Migration20261207030000_case_migrations';
import { Migration20261207040000_lean_case_writes } from './Migration20261207040000_lean_case_writes';
import { Migration20261207050000_history_indexes } from './Migration20261207050000_history_indexes';
import { Migration20261207060000_no_case_foreign_keys } from './Migration20261207060000_no_case_foreign_keys';
import { Migration20261207070000_lean_audit_rows } from './Migration20261207070000_lean_audit_rows';
import { Migration20261207080000_storage_rewrites } from './Migration20261207080000_storage_rewrites';
import { Migration20261207090000_claimed_task_index } from './Migration20261207090000_claimed_task_index';
import { Migration20261207100000_audit_data_json } from './Migration20261207100000_audit_data_json';
import { Migration20261207110000_buffered_message_publisher } from './Migration20261207110000_buffered_message_publisher';
import { Migration20261207120000_message_id_per_name } from './Migration20261207120000_message_id_per_name';
import { Migration20261208010000_spent_message_ids } from './Migration20261208010000_spent_message_ids';
import { Migration20261208020000_job_lease_actor } from './Migration20261208020000_job_lease_actor';

/**
 * Every migration, oldest first. Imported classes rather than a folder glob, so they run the
 * same from TypeScript sources (tsx, vitest) and from a bundle. Add each new migration here;
 * the name stored in `mikro_orm_migrations` is the class name.
 */
export const migrations: Constructor<Migration>[] = [
  Migration20261128125242_initial,
  Migration20261128125243_append_only,
  Migration20261128130235_engine_waits,
  Migration20261128131500_engine_guards,
  Migration20261128140058_open_data_and_privacy,
  Migration20261128160000_notify_function,
  Migration20261128170000_open_task_indexes,
  Migration20261128200000_sparse_case_indexes,
  Migration20261128210000_definition_reference,
  Migration20261129020000_status_enums,
  Migration20261206232549_unmarked_personal,
  Migration20261207000233_decision_definitions,
  Migration20261207020000_command_results,
  Migration20261207030000_case_migrations,
  Migration20261207040000_lean_case_writes,
  Migration20261207050000_history_indexes,
  Migration20261207060000_no_case_foreign_keys,
  Migration20261207070000_lean_audit_rows,
  Migration20261207080000_storage_rewrites,
  Migration20261207090000_claimed_task_index,
  Migration20261207100000_audit_data_json,
  Migration20261207110000_buffered_message_publisher,
  Migration20261207120000_message_id_per_name,
  Migration20261208010000_spent_message_ids,
  Migration20261208020000_job_lease_actor,
];
