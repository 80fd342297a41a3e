/**
 * Behaviour that the corpus sources assert in their own test suites, reproduced on the same
 * files through our simulator. Each `describe` names the source test file and each test the
 * source test it follows. Where a source's engine differs on purpose (its job handlers pick tasks
 * by element id, bpmn-elements uses dead-path elimination), the comment says so and the test
 * asserts Rebaz's Camunda 8 token semantics.
 */
import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../definitions';
import type { ScenarioEvent, ScenarioReport } from '../../engine/runtime/scenario';
import { loadCorpusProcess, readCorpusXml, simulateCorpus } from './corpus';

const LIB = 'lib-bpmn-engine/test-cases';
const ELEMENTS = 'bpmn-elements';
const CAMUNDA = 'camunda-bpm-examples';

/** Elements of the case, in trace order, that reached `event` (flows and the process left out). */
function reached(report: ScenarioReport, event: string, caseId = 'case-1'): string[] {
  const processIds = new Set(
    report.trace
      .filter((t) => t.event === 'activated')
      .slice(0, 1)
      .map((t) => t.elementId),
  );
  return report.trace
    .filter((t) => t.caseId === caseId && t.event === event && !processIds.has(t.elementId))
    .map((t) => t.elementId);
}

const message = (name: string, data?: Record<string, unknown>, correlationKey?: string): ScenarioEvent => ({
  type: 'message',
  name,
  ...(data ? { data } : {}),
  ...(correlationKey ? { correlationKey } : {}),
});
const job = (task: string, data?: Record<string, unknown>): ScenarioEvent => ({
  type: 'completeJob',
  task,
  ...(data ? { data } : {}),
});
const complete = (task: string): ScenarioEvent => ({ type: 'complete', task });

/**
 * A corpus model simulated. lib-bpmn-engine ignores correlation keys, and its models keep keys
 * such as the Camunda Modeler's default `correlationKey="=key"`. Rebaz evaluates them, as Camunda
 * 8 does, and a key that comes out null is an incident: so for those models the case holds each
 * variable a key names, set to "k", and every message carries that key.
 */
async function simulateModel(file: string, events: ScenarioEvent[]): Promise<ScenarioReport> {
  const keys = [...readCorpusXml(file).matchAll(/correlationKey="=(\w+)"/g)].map((m) => m[1]);
  if (keys.length === 0) return simulateCorpus(file, events);
  const keyed = Object.fromEntries(keys.map((name) => [name, 'k']));
  const [first, ...rest] = events;
  const start: ScenarioEvent =
    first?.type === 'variables' ? { ...first, data: { ...first.data, ...keyed } } : { type: 'variables', data: keyed };
  const after = first?.type === 'variables' ? rest : events;
  return simulateCorpus(file, [start, ...after.map((e) => (e.type === 'message' ? { ...e, correlationKey: 'k' } : e))]);
}

async function errorsOf(file: string): Promise<{ code: string; elementId: string }[]> {
  const result = await buildDefinition(readCorpusXml(file));
  return result.issues.filter((i) => i.severity === 'error').map(({ code, elementId }) => ({ code, elementId }));
}

describe('lib-bpmn-engine pkg/bpmn_engine/events_test.go', () => {
  it('Test_running_a_process_sets_state_to_ACTIVE, ..._received_message_completes_the_instance', async () => {
    const file = `${LIB}/message-intermediate-catch-event.bpmn`;
    const waiting = await simulateModel(file, []);
    expect(waiting.status).toBe('active');
    expect(waiting.active).toEqual(['id-1']); // one subscription, at the catch event "event-1"
    // The model's correlation key is the static text "correlation-key-one" (no leading =).
    const done = await simulateModel(file, [message('globalMsgRef', undefined, 'correlation-key-one')]);
    expect(done.status).toBe('completed');
  });

  it('Test_Having_IntermediateCatchEvent_and_ServiceTask_in_parallel_the_process_state_is_maintained', async () => {
    const file = `${LIB}/message-intermediate-catch-event-and-parallel-tasks.bpmn`;
    const before = await simulateModel(file, []);
    expect(before.status).toBe('active');
    const report = await simulateModel(file, [message('event-1'), job('task-2'), job('task-1')]);
    expect(reached(report, 'waiting').filter((id) => id.startsWith('task'))).toEqual(['task-2', 'task-1']);
    expect(report.status).toBe('completed');
  });

  it(
    'Test_multiple_intermediate_catch_events_possible: one message runs its branch, ' +
      'the implicit fork keeps the case active',
    async () => {
      const report = await simulateModel(`${LIB}/message-multiple-intermediate-catch-events.bpmn`, [
        message('msg-event-2'),
        job('task2'),
      ]);
      expect(reached(report, 'completed').filter((id) => id.startsWith('task'))).toEqual(['task2']);
      expect(report.status).toBe('active');
      expect(report.active.sort()).toEqual(['event-1-id', 'event-3-id']);
    },
  );

  it.each(['merged', 'parallel', 'exclusive'])(
    'Test_multiple_intermediate_catch_events_implicit_fork_and_%s: COMPLETED after all three, ACTIVE after one',
    async (variant) => {
      const file = `${LIB}/message-multiple-intermediate-catch-events-${variant}.bpmn`;
      const all = await simulateModel(file, [message('msg-event-1'), message('msg-event-2'), message('msg-event-3')]);
      expect(all.status).toBe('completed');
      const one = await simulateModel(file, [message('msg-event-2')]);
      expect(one.status).toBe('active');
    },
  );

  it('Test_eventBasedGateway_just_fires_one_event_and_instance_COMPLETED', async () => {
    const report = await simulateModel(`${LIB}/message-EventBasedGateway.bpmn`, [message('msg-b'), job('task-b')]);
    expect(reached(report, 'completed').filter((id) => id.startsWith('task'))).toEqual(['task-b']);
    expect(report.status).toBe('completed');
  });

  it('Test_intermediate_message_catch_event_publishes_variables_into_instance', async () => {
    const report = await simulateModel(`${LIB}/simple-intermediate-message-catch-event.bpmn`, [
      message('msg', { foo: 'bar' }),
    ]);
    expect(report.status).toBe('completed');
    // lib-bpmn-engine also keeps "foo"; in Camunda 8 an output mapping on the catch event replaces
    // the default "merge every message variable", so only the mapped variable reaches the case.
    expect(report.variables).toEqual({ key: 'k', mappedFoo: 'bar' });
  });
});

describe('lib-bpmn-engine pkg/bpmn_engine/jobs_test.go', () => {
  it('Test_simple_count_loop: the worker counts to 4, then the gateway leaves the loop', async () => {
    const rounds = [1, 2, 3, 4].map((counter) => job('id-increaseCounter', { counter }));
    const report = await simulateModel(`${LIB}/simple-count-loop.bpmn`, [
      { type: 'variables', data: { counter: 0 } },
      ...rounds,
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables.counter).toBe(4);
    expect(reached(report, 'completed').filter((id) => id === 'id-increaseCounter')).toHaveLength(4);
  });

  it('Test_simple_count_loop_with_message: two validation rounds, two message subscriptions, both used', async () => {
    const round = (attempts: number, reachedMax: boolean) => [
      job('do-nothing'),
      message('msg'),
      job('validate', { engineValidationAttempts: attempts, hasReachedMaxAttempts: reachedMax }),
    ];
    const report = await simulateModel(`${LIB}/simple-count-loop-with-message.bpmn`, [
      { type: 'variables', data: { engineValidationAttempts: 0 } },
      ...round(1, false),
      ...round(2, true),
    ]);
    expect(report.status).toBe('completed');
    expect(report.variables).toMatchObject({ engineValidationAttempts: 2, hasReachedMaxAttempts: true });
    expect(reached(report, 'completed').filter((id) => id === 'id-msg')).toHaveLength(2);
  });

  it('Test_task_InputOutput_mapping_happy_path: inputs stay local, outputs reach the instance', async () => {
    const file = `${LIB}/service-task-input-output.bpmn`;
    const report = await simulateModel(file, [job('service-task-1')]);
    expect(report.variables).toEqual({ order: { name: 'order1', id: '1234' }, orderId: 1234, dstcity: 'beijing' });
    expect(report.variables).not.toHaveProperty('id');
    expect(report.openTasks.map((t) => t.elementId)).toEqual(['user-task-2']);
    expect((await simulateModel(file, [job('service-task-1'), complete('user-task-2')])).status).toBe('completed');
  });

  it(
    'Test_instance_fails_on_Invalid_Input_mapping / Test_job_fails_on_Invalid_Output_mapping: ' +
      'refused before any case runs',
    async () => {
      // lib-bpmn-engine fails the instance when it reaches the mapping; we refuse the model at deploy.
      expect(await errorsOf(`${LIB}/service-task-invalid-input.bpmn`)).toEqual([
        { code: 'FEEL_SYNTAX', elementId: 'invalid-input' },
      ]);
      expect(await errorsOf(`${LIB}/service-task-invalid-output.bpmn`)).toEqual([
        { code: 'FEEL_SYNTAX', elementId: 'invalid-output' },
      ]);
    },
  );

  it('Test_task_type_handler: the job carries the task definition type "foobar"', async () => {
    const { compiled } = await loadCorpusProcess(`${LIB}/simple-task-with-type.bpmn`);
    expect(compiled.catalogue.jobs).toEqual([{ elementId: 'id', jobType: 'foobar', retries: 3 }]);
    expect((await simulateModel(`${LIB}/simple-task-with-type.bpmn`, [job('id')])).status).toBe('completed');
  });

  it('Test_assignee_and_candidate_groups_are_assigned_to_handler', async () => {
    const file = `${LIB}/user-tasks-with-assignments.bpmn`;
    const first = await simulateModel(file, []);
    expect(first.openTasks).toMatchObject([{ elementId: 'assignee-task', assignee: 'john.doe' }]);
    const second = await simulateModel(file, [complete('assignee-task')]);
    expect(second.openTasks[0].candidateGroups).toEqual(expect.arrayContaining(['marketing', 'support']));
    expect((await simulateModel(file, [complete('assignee-task'), complete('group-task')])).status).toBe('completed');
  });

  it(
    'Test_task_default_all_output_variables_map_to_process_instance / ' + '..._just_declared_output_variables_map...',
    async () => {
      const all = await simulateModel(`${LIB}/simple_task-no_output_mapping.bpmn`, [job('id', { aVariable: true })]);
      expect(all.variables).toEqual({ aVariable: true });
      const declared = await simulateModel(`${LIB}/simple_task-with_output_mapping.bpmn`, [
        job('id', { valueFromHandler: true, otherVariable: 'value' }),
      ]);
      expect(declared.status).toBe('completed');
      expect(declared.variables).toEqual({ valueFromHandler: true });
    },
  );

  it(
    'Test_task_no_output_variables_mapping_on_failure: a failed job sets nothing and the case does not ' + 'complete',
    async () => {
      const report = await simulateModel(`${LIB}/simple_task-no_output_mapping.bpmn`, [
        { type: 'failJob', task: 'id', message: 'because I can' },
      ]);
      expect(report.status).toBe('incident'); // lib-bpmn-engine keeps it ACTIVE; we mark the failed job as an incident
      expect(report.variables).toEqual({});
    },
  );

  it('Test_missing_task_handlers_break_execution_and_can_be_continued_later', async () => {
    const file = `${LIB}/parallel-gateway-flow.bpmn`;
    const paused = await simulateModel(file, [job('id-a-1')]);
    expect(paused.status).toBe('active');
    expect(paused.active.sort()).toEqual(['id-b-1', 'id-b-2']);
    const done = await simulateModel(file, [job('id-a-1'), job('id-b-1'), job('id-b-2')]);
    expect(reached(done, 'completed').filter((id) => id.startsWith('id-'))).toEqual([
      'id-a-1',
      'id-parallel-gateway-1',
      'id-b-1',
      'id-b-2',
    ]);
    expect(done.status).toBe('completed');
  });

  it('Test_multiple_instances_with_same_user_task_ids: all four user tasks behind the fork complete the case', async () => {
    // Two branches: task1 → task4 and task2 → task3, joined before the end.
    const file = `${LIB}/user-tasks-with-parallel-gateways.bpmn`;
    const started = await simulateModel(file, []);
    expect(started.openTasks.map((t) => t.elementId).sort()).toEqual(['assignee-task1', 'assignee-task2']);
    const done = await simulateCorpus(
      file,
      ['assignee-task1', 'assignee-task2', 'assignee-task3', 'assignee-task4'].map(complete),
    );
    expect(reached(done, 'completed').filter((id) => id.startsWith('assignee'))).toHaveLength(4);
    expect(done.status).toBe('completed');
  });
});

describe('lib-bpmn-engine pkg/bpmn_engine/links_test.go, timer_test.go and sub_process_test.go', () => {
  it('Test_Link_events_are_thrown_and_caught_and_flow_continued', async () => {
    const report = await simulateModel(`${LIB}/simple-link-events.bpmn`, [job('Task-A'), job('Task-B')]);
    expect(reached(report, 'waiting')).toEqual(['Task-A', 'Task-B']);
    expect(report.status).toBe('completed');
  });

  it('Test_missing_intermediate_link_catch_event_stops_engine_with_error: refused at deploy instead', async () => {
    expect(await errorsOf(`${LIB}/simple-link-event-broken.bpmn`)).toEqual([
      { code: 'UNKNOWN_LINK', elementId: 'Link-A-Throw' },
    ]);
  });

  it('Test_EventBasedGateway_selects_path_where_message_received / ..._where_timer_occurs / ..._just_one_path', async () => {
    const file = `${LIB}/message-intermediate-timer-event.bpmn`;
    const byMessage = await simulateModel(file, [message('message')]);
    expect(byMessage.active).toEqual(['task-for-message']);
    const byTimer = await simulateModel(file, [{ type: 'advanceTime', duration: 'PT1S' }]);
    expect(byTimer.active).toEqual(['task-for-timer']);
    // Once the timer won, the message has nobody left to reach: just one path runs, and the message
    // is kept for a case that may wait for it later, as the engine buffers it.
    const both = await simulateModel(file, [{ type: 'advanceTime', duration: 'PT1S' }, message('message')]);
    expect(both.error).toBeUndefined();
    expect(both.bufferedMessages).toEqual([expect.objectContaining({ name: 'message' })]);
    expect(both.active).toEqual(['task-for-timer']);
  });

  it('Test_InvalidTimer_will_stop_execution_and_return_err: refused at deploy instead', async () => {
    expect(await errorsOf(`${LIB}/message-intermediate-invalid-timer-event.bpmn`)).toEqual([
      { code: 'INVALID_TIMER', elementId: 'Event_1uc8qla' },
    ]);
  });

  it('Test_subprocess_link_events_are_thrown_and_caught_and_flow_continued', async () => {
    const order = ['Task-A', 'Sub-Task-A', 'Sub-Task-B', 'Task-B'];
    const report = await simulateCorpus(
      `${LIB}/subprocess-simple-link-events.bpmn`,
      order.map((id) => job(id)),
    );
    expect(reached(report, 'completed').filter((id) => order.includes(id))).toEqual(order);
    expect(report.status).toBe('completed');
  });

  it('Test_subprocess_multiple_intermediate_catch_events_implicit_fork_and_exclusive_gateway_COMPLETED', async () => {
    const report = await simulateModel(`${LIB}/subprocess-message-multiple-intermediate-catch-events-exclusive.bpmn`, [
      message('msg-event-1'),
      message('msg-event-2'),
      message('msg-event-3'),
    ]);
    expect(report.status).toBe('completed');
  });
});

describe('bpmn-elements test/feature (EventBasedGateway-feature.js, gateway-feature.js, Definition-feature.js)', () => {
  it(
    'EventBasedGateway with attached intermediate timer and signal event: the signal wins, ' + 'the timer is withdrawn',
    async () => {
      const file = `${ELEMENTS}/event-based-gateway.bpmn`;
      const report = await simulateModel(file, [
        { type: 'signal', name: 'signalEvent' },
        { type: 'advanceTime', duration: 'PT5M' },
      ]);
      expect(reached(report, 'completed')).toContain('Task_1pfzr39');
      expect(reached(report, 'completed')).not.toContain('timerEvent');
      // bpmn-elements then completes the process: the parallel join counts the withdrawn timer path
      // as discarded (dead-path elimination). Camunda 8 semantics have no DPE, so the join waits for
      // a token that never comes, and validation warns about exactly that.
      expect(report.status).toBe('active');
      const { issues } = await buildDefinition(readCorpusXml(file));
      expect(issues.filter((i) => i.code === 'PARALLEL_JOIN_STARVATION').map((i) => i.elementId)).toEqual(['join']);
    },
  );

  it(
    'A process with event based gateway succeeded by signal and timer (same target): completes, task once, ' +
      'timer not taken',
    async () => {
      const report = await simulateCorpus(`${ELEMENTS}/event-based-gateway-with-same-target.bpmn`, [
        { type: 'signal', name: 'signalEvent' },
      ]);
      expect(report.status).toBe('completed');
      const done = reached(report, 'completed');
      expect(done.filter((id) => id === 'Task_1pfzr39')).toHaveLength(1);
      expect(done.filter((id) => id === 'end')).toHaveLength(1);
      expect(done).not.toContain('timerEvent');
    },
  );

  it.each([
    ['parallel-join-edgecase.bpmn', ['task']],
    ['join-inbound.bpmn', ['task-5', 'task4']],
  ])(
    '%s with parallel converging gateways: bpmn-elements completes it, ' +
      'our join keeps waiting (no dead-path elimination)',
    async (name, passed) => {
      // bpmn-elements (skipDiscard) fires a parallel join once no other inbound can arrive. A BPMN
      // parallel join, as in Camunda 8, needs a token on every incoming flow: the case stays active.
      const report = await simulateCorpus(`${ELEMENTS}/${name}`, []);
      expect(reached(report, 'completed')).toEqual(expect.arrayContaining(passed));
      expect(reached(report, 'completed')).not.toContain('join');
      expect(report.status).toBe('active');
    },
  );

  it('Two executable processes: each runs from its start event to its end event', async () => {
    for (const [processId, end] of [
      ['Process_1', 'EndEvent_1'],
      ['Process_2', 'EndEvent_2'],
    ]) {
      const report = await simulateCorpus(`${ELEMENTS}/two-executable-processes.bpmn`, [], { processId });
      expect(report.status).toBe('completed');
      expect(report.endEvents).toEqual([end]);
    }
  });
});

describe('camunda-bpm-examples JUnit tests', () => {
  const shared = `${CAMUNDA}/multi-tenancy/tenant-identifier-shared-definitions/src/main/resources/processes`;

  it(
    'MultiTenancySharedProcessDefinitionTest.testTenantIdProvider: ' +
      'the call activity starts the default sub-process',
    async () => {
      const report = await simulateCorpus(`${shared}/default/mainProcess.bpmn`, [], {
        callable: [`${shared}/default/subProcess.bpmn`],
      });
      expect(report.openTasks.map((t) => t.name)).toEqual(['task in default subprocess']);
      const done = await simulateCorpus(`${shared}/default/mainProcess.bpmn`, [complete('UserTask_0zlyiaz')], {
        callable: [`${shared}/default/subProcess.bpmn`],
      });
      expect(done.status).toBe('completed');
    },
  );

  it(
    'MultiTenancySharedProcessDefinitionTest.testOverrideSharedProcessDefinition: ' +
      "a tenant's sub-process overrides the default",
    async () => {
      const report = await simulateCorpus(`${shared}/default/mainProcess.bpmn`, [], {
        callable: [`${shared}/tenant2/subProcess.bpmn`],
      });
      expect(report.openTasks.map((t) => t.name)).toEqual(['task in tenant specific subprocess']);
    },
  );

  it('BpmnParseListenerTest.testBpmnParseListener: both delegates run and the instance ends', async () => {
    const file = `${CAMUNDA}/process-engine-plugin/bpmn-parse-listener/src/main/resources/bpmnParseListener.bpmn`;
    const report = await simulateModel(file, [job('ServiceTask_1'), job('ServiceTask_2')]);
    expect(reached(report, 'completed').filter((id) => id.startsWith('ServiceTask'))).toEqual([
      'ServiceTask_1',
      'ServiceTask_2',
    ]);
    expect(report.status).toBe('completed');
  });

  it('ProcessIntegrationTest.asynchronousServiceTask: a job first, then exactly one user task', async () => {
    const file = `${CAMUNDA}/multi-tenancy/schema-isolation/src/main/resources/processes/tenant2/tenant2_process.bpmn`;
    const started = await simulateModel(file, []);
    expect(started.active).toEqual(['ServiceTask_0pwqvlr']);
    expect(started.openTasks).toEqual([]);
    const afterJob = await simulateModel(file, [job('ServiceTask_0pwqvlr')]);
    expect(afterJob.openTasks.map((t) => t.name)).toEqual(['Tenant 2 Activity']);
  });
});

describe("flowable-examples flowfest-2018 Vacation_request.bpmn20.xml (Flowable's vacation request)", () => {
  const file =
    'flowable-examples/flowfest-2018/demo-own-application/src/main/resources/processes/Vacation_request.bpmn20.xml';

  it('runs its Java delegates as jobs typed after them, and names them in warnings', async () => {
    const result = await buildDefinition(readCorpusXml(file));
    expect(result.kind).toBe('compiled');
    const derived = result.issues
      .filter((i) => i.code === 'JOB_TYPE_DERIVED')
      .map((i) => i.elementId)
      .sort();
    expect(derived).toEqual(['processVacationRequest', 'sendApprovalMail']);
    const { compiled } = await loadCorpusProcess(file);
    expect(compiled.catalogue.jobs.map((j) => [j.elementId, j.jobType]).sort()).toEqual([
      ['processVacationRequest', 'vacationRequestProcessor'],
      ['sendApprovalMail', 'confirmationService.confirm'],
    ]);
  });

  it(
    'an approved request sends the confirmation and ends; a refused one goes back to the employee, ' +
      'who may withdraw it',
    async () => {
      const start: ScenarioEvent = { type: 'signal', name: 'Start process instance' };
      const approved = await simulateModel(file, [
        start,
        job('processVacationRequest', { vacationApproved: true }),
        job('sendApprovalMail'),
      ]);
      expect(approved.status).toBe('completed');
      expect(approved.endEvents).toEqual(['theEnd1']);
      const refused = await simulateModel(file, [start, job('processVacationRequest', { vacationApproved: false })]);
      expect(refused.active).toEqual(['adjustVacationRequestTask']);
      const withdrawn = await simulateModel(file, [
        start,
        job('processVacationRequest', { vacationApproved: false }),
        { type: 'complete', task: 'adjustVacationRequestTask', data: { resendRequest: 'No' } },
      ]);
      expect(withdrawn.endEvents).toEqual(['theEnd2']);
    },
  );
});

describe('models that name no implementation or no message: what their engines do by element id', () => {
  it(
    'lib-bpmn-engine forked-flow.bpmn: a service task without a job type is a job typed by its id ' +
      '(lib-bpmn-engine registers handlers by id)',
    async () => {
      const file = `${LIB}/forked-flow.bpmn`;
      const { compiled } = await loadCorpusProcess(file);
      expect(compiled.catalogue.jobs.map((j) => j.jobType)).toEqual(['id-a-1', 'id-b-1', 'step3']);
      expect((await simulateModel(file, [])).active).toEqual(['id-a-1']);
      const done = await simulateModel(file, [job('id-a-1'), job('id-b-1'), job('id-b-2')]);
      expect(done.status).toBe('completed');
    },
  );

  it(
    'flowable-examples async-job-noop: the no-op expression ${true} runs in place, then a receive task with no ' +
      'message waits for the message named as its id (Flowable triggers it by its execution)',
    async () => {
      const file = 'flowable-examples/blog/04-2021-jobs/src/main/resources/processes/async-job-noop.bpmn20.xml';
      expect((await simulateModel(file, [])).active).toEqual(['wait']);
      expect((await simulateModel(file, [message('wait')])).status).toBe('completed');
    },
  );

  it('bpmn-js pizza collaboration: a message without a name starts the vendor by its id', async () => {
    const file = 'bpmn-js-examples/bundling/resources/pizza-collaboration.bpmn';
    expect(await errorsOf(file)).toEqual([]);
    const { compiled } = await loadCorpusProcess(file);
    expect(compiled.catalogue.startEvents).toEqual([
      expect.objectContaining({ elementId: '_6-450', kind: 'message', messageName: '_1275940932310' }),
    ]);
    const report = await simulateModel(file, [message('_1275940932310')]);
    expect(reached(report, 'completed')).toContain('_6-463'); // "Bake the pizza"
  });
});
