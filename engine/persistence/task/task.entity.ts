import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { JsonObject } from '../json';
import { Case } from '../case/case.entity';

export const TASK_STATUSES = ['OPEN', 'COMPLETED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A user task waiting in (or done from) a clerk's or applicant's inbox. */
export const Task = defineEntity({
  name: 'Task',
  tableName: 'tasks',
  properties: {
    id: p.uuid().primary(),
    /** No foreign key: see the migration no_case_foreign_keys. */
    caseId: () => p.manyToOne(Case).mapToPk().fieldName('case_id').createForeignKeyConstraint(false),
    elementId: p.text(),
    tokenId: p.text(),
    /** The runtime wait it mirrors (the id a `task.complete` event names). */
    waitId: p.text().nullable(),
    name: p.text(),
    formKey: p.text().nullable(),
    candidateGroups: p.array(),
    candidateUsers: p.array(),
    assignee: p.text().nullable(),
    /** A native enum, not text with a check: see the migration status_enums. */
    status: p.enum([...TASK_STATUSES]).nativeEnumName('task_status'),
    dueAt: p.datetime().nullable(),
    priority: p.integer().default(50),
    createdAt: p.datetime(),
    completedAt: p.datetime().nullable(),
    completedBy: p.text().nullable(),
    /** The submitted form data. */
    data: p.json<JsonObject>().nullable(),
  },
  indexes: [
    // Inbox queries: "open tasks for my groups / assigned to me, by due date". Open tasks only:
    // completing a task then writes no entry to them (see the migration open_task_indexes).
    {
      name: 'tasks_open_candidate_groups_index',
      expression:
        `create index "tasks_open_candidate_groups_index" on "tasks" using gin ("candidate_groups") where ` +
        `"status" = 'OPEN'`,
    },
    // Claimed tasks only: an unclaimed task (most of them) writes no entry (migration claimed_task_index).
    {
      name: 'tasks_open_assignee_index',
      expression:
        `create index "tasks_open_assignee_index" on "tasks" ("assignee") where "status" = 'OPEN' and "assignee" ` +
        `is not null`,
    },
    {
      name: 'tasks_open_due_at_index',
      expression:
        `create index "tasks_open_due_at_index" on "tasks" ("due_at") where "status" = 'OPEN' and "due_at" ` +
        `is not null`,
    },
    // An inbox's first page, oldest first: walked in order, stopping at the page's end.
    {
      name: 'tasks_open_created_at_index',
      expression: `create index "tasks_open_created_at_index" on "tasks" ("created_at", "id") where "status" = 'OPEN'`,
    },
    { properties: ['caseId', 'status'] },
  ],
});

export type Task = InferEntity<typeof Task>;
