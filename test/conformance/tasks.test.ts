import { describe, expect, it } from 'vitest';
import { buildDefinition } from '../../definitions';
import { bpmn, chain, completed, job, simulate, userTask, validate } from './harness';

describe('tasks', () => {
  it('user task: waits for a clerk, with its assignment and form, then goes on with the data', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:userTask id="Check" name="Check documents"><bpmn:extensionElements>
        <zeebe:assignmentDefinition candidateGroups="traffic-clerks, supervisors" assignee="=owner" />
        <zeebe:formDefinition formId="check-form" /></bpmn:extensionElements></bpmn:userTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Check', 'End')}`);
    const waiting = await simulate(xml, [{ type: 'variables', data: { owner: 'dara' } }]);
    expect(waiting.openTasks).toEqual([
      {
        id: expect.any(String),
        elementId: 'Check',
        name: 'Check documents',
        assignee: 'dara',
        candidateGroups: ['traffic-clerks', 'supervisors'],
        candidateUsers: [],
        formKey: 'check-form',
      },
    ]);
    const done = await simulate(xml, [
      { type: 'variables', data: { owner: 'dara' } },
      { type: 'complete', task: 'Check', data: { approved: true } },
    ]);
    expect(done.status).toBe('completed');
    expect(done.variables).toEqual({ owner: 'dara', approved: true });
  });

  it('service task: waits for a worker; it never completes by itself', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${job('Issue', 'issue-licence')}<bpmn:endEvent id="End" />
      ${chain('Start', 'Issue', 'End')}`,
    );
    expect((await simulate(xml, [{ type: 'advanceTime', duration: 'P30D' }])).active).toEqual(['Issue']);
    const done = await simulate(xml, [{ type: 'completeJob', task: 'Issue', data: { licenceNumber: 'DL-1' } }]);
    expect(done.status).toBe('completed');
    expect(done.variables).toEqual({ licenceNumber: 'DL-1' });
  });

  it('Camunda 7 service tasks become jobs named by their topic, class or expression', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:serviceTask id="Ext" camunda:type="external" camunda:topic="check-name" />
      <bpmn:serviceTask id="Cls" camunda:class="org.example.Delegate" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Ext', 'Cls', 'End')}`,
    );
    const report = await simulate(xml, [
      { type: 'completeJob', task: 'Ext' },
      { type: 'completeJob', task: 'Cls' },
    ]);
    expect(report.status).toBe('completed');
  });

  it("Camunda 7 and Flowable expression service tasks that compute a value run in place, as there; a bean's stays a job", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />
      <bpmn:serviceTask id="Fee" camunda:expression="\${amount * 0.1 + 5}" camunda:resultVariable="fee" />
      <bpmn:serviceTask id="Noop" camunda:expression="\${true}" />
      <bpmn:serviceTask id="Set" flowable:expression="\${execution.setVariable('office', 'Erbil')}" />
      <bpmn:serviceTask id="Bean" camunda:expression="\${mailer.send(execution)}" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Fee', 'Noop', 'Set', 'Bean', 'End')}`,
    ).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:flowable="http://flowable.org/bpmn" ');
    const waiting = await simulate(xml, [{ type: 'variables', data: { amount: 200 } }]);
    expect(waiting.active).toEqual(['Bean']);
    expect(waiting.variables).toEqual({ amount: 200, fee: 25, office: 'Erbil' });
    const issues = await validate(xml);
    expect(issues.filter((issue) => issue.code === 'JOB_TYPE_DERIVED').map((issue) => issue.elementId)).toEqual([
      'Bean',
    ]);
    const done = await simulate(xml, [
      { type: 'variables', data: { amount: 200 } },
      { type: 'completeJob', task: 'Bean' },
    ]);
    expect(done.status).toBe('completed');
  });

  it("BPMN's potentialOwner and humanPerformer assign a user task, as Camunda 7, Flowable and Activiti read them", async () => {
    const owned = (what: string, body: string) =>
      `<${what}><bpmn:resourceAssignmentExpression><bpmn:formalExpression>${body}</bpmn:formalExpression>` +
      `</bpmn:resourceAssignmentExpression></${what}>`;
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:userTask id="Approve">${owned('bpmn:potentialOwner', 'manager, user(kermit), group(finance)')}</bpmn:userTask>
      <bpmn:userTask id="Sign">${owned('bpmn:humanPerformer', '\${approver}')}</bpmn:userTask><bpmn:endEvent id="End" />
      ${chain('Start', 'Approve', 'Sign', 'End')}`,
    );
    const first = await simulate(xml);
    expect(first.openTasks).toEqual([
      expect.objectContaining({
        elementId: 'Approve',
        candidateGroups: ['manager', 'finance'],
        candidateUsers: ['kermit'],
      }),
    ]);
    const second = await simulate(xml, [
      { type: 'variables', data: { approver: 'shilan' } },
      { type: 'complete', task: 'Approve' },
    ]);
    expect(second.openTasks).toEqual([expect.objectContaining({ elementId: 'Sign', assignee: 'shilan' })]);
    expect((await validate(xml)).map((issue) => issue.code)).not.toContain('TASK_WITHOUT_CANDIDATES');
  });

  it('potentialOwner adds to the candidates a camunda:candidateUsers or candidateGroups attribute gives', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />
      <bpmn:userTask id="Approve" camunda:candidateUsers="kermit" camunda:candidateGroups="\${office}">
        <bpmn:potentialOwner><bpmn:resourceAssignmentExpression>
          <bpmn:formalExpression>user(gonzo), user(kermit), group(management)</bpmn:formalExpression>
        </bpmn:resourceAssignmentExpression></bpmn:potentialOwner>
      </bpmn:userTask><bpmn:endEvent id="End" />${chain('Start', 'Approve', 'End')}`,
    );
    const waiting = await simulate(xml, [{ type: 'variables', data: { office: ['sales', 'finance'] } }]);
    expect(waiting.openTasks).toEqual([
      expect.objectContaining({
        candidateUsers: ['kermit', 'gonzo'],
        candidateGroups: ['sales', 'finance', 'management'],
      }),
    ]);
  });

  it('Camunda 7 and Flowable assignments with text around an expression are composite expressions', async () => {
    const xml = bpmn(`<bpmn:startEvent id="Start" />
      <bpmn:userTask id="Check" camunda:assignee="clerk_\${clerkNumber}" camunda:candidateGroups="agency_\${agency}, registry" />
      <bpmn:endEvent id="End" />${chain('Start', 'Check', 'End')}`);
    const waiting = await simulate(xml, [{ type: 'variables', data: { clerkNumber: 7, agency: 'trade' } }]);
    expect(waiting.openTasks).toEqual([
      expect.objectContaining({ assignee: 'clerk_7', candidateGroups: ['agency_trade', 'registry'] }),
    ]);
  });

  it("Flowable's skipExpression passes an activity over where the case enables skipping and it holds", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />${userTask('Review', 'flowable:skipExpression="\${lowRisk}"')}
      <bpmn:endEvent id="End" />${chain('Start', 'Review', 'End')}`,
    ).replace('<bpmn:definitions ', '<bpmn:definitions xmlns:flowable="http://flowable.org/bpmn" ');
    const run = (data: Record<string, unknown>) => simulate(xml, [{ type: 'variables', data }]);
    const skipped = await run({ _FLOWABLE_SKIP_EXPRESSION_ENABLED: true, lowRisk: true });
    expect(skipped.status).toBe('completed');
    expect(skipped.trace).toContainEqual(expect.objectContaining({ elementId: 'Review', event: 'skipped' }));
    expect((await run({ _FLOWABLE_SKIP_EXPRESSION_ENABLED: true, lowRisk: false })).active).toEqual(['Review']);
    expect((await run({ lowRisk: true })).active).toEqual(['Review']); // skipping not enabled
    expect((await validate(xml)).map((issue) => issue.code)).not.toContain('XML_WARNING');
  });

  it('send task publishes its message; receive task waits for one', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:receiveTask id="Receive" messageRef="M" /><bpmn:endEvent id="End" />
      ${chain('Start', 'Receive', 'End')}`,
      '<bpmn:message id="M" name="bank-confirmation" />',
    );
    expect((await simulate(xml)).active).toEqual(['Receive']);
    expect((await simulate(xml, [{ type: 'message', name: 'bank-confirmation' }])).status).toBe('completed');
  });

  it('manual task and undefined task pass straight through', async () => {
    const report = await simulate(
      bpmn(
        `<bpmn:startEvent id="Start" /><bpmn:manualTask id="Stamp" /><bpmn:task id="Note" /><bpmn:endEvent id="End" />
        ${chain('Start', 'Stamp', 'Note', 'End')}`,
      ),
    );
    expect(completed(report)).toEqual(['Start', 'Stamp', 'Note', 'End']);
  });

  it('script task: a FEEL expression whose result goes into a variable', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:scriptTask id="Fee"><bpmn:extensionElements>
      <zeebe:script expression="=base * 1.5" resultVariable="fee" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Fee', 'End')}`,
    );
    const report = await simulate(xml, [{ type: 'variables', data: { base: 20 } }]);
    expect(report.variables.fee).toBe(30);
  });

  it('script task with a FEEL body in bpmn:script', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:scriptTask id="Fee" scriptFormat="feel" camunda:resultVariable="total">
      <bpmn:script>= sum(items)</bpmn:script></bpmn:scriptTask><bpmn:endEvent id="End" />
      ${chain('Start', 'Fee', 'End')}`,
    );
    const report = await simulate(xml, [{ type: 'variables', data: { items: [1, 2, 3] } }]);
    expect(report.variables.total).toBe(6);
  });

  it("Activiti's and Flowable's resultVariable (and Activiti's resultVariableName) on script and business rule tasks", async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />
      <bpmn:scriptTask id="Echo" scriptFormat="juel" activiti:resultVariable="echoed"><bpmn:script>#{echo}</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="Twice" scriptFormat="javascript" flowable:resultVariable="twice"><bpmn:script>echo + echo</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="Old" scriptFormat="juel" activiti:resultVariableName="old"><bpmn:script>\${echo}</bpmn:script></bpmn:scriptTask>
      <bpmn:businessRuleTask id="Rules" flowable:resultVariable="rulesOutput" />
      <bpmn:endEvent id="End" name="Done" />${chain('Start', 'Echo', 'Twice', 'Old', 'Rules', 'End')}`,
    ).replace(
      '<bpmn:definitions ',
      '<bpmn:definitions xmlns:activiti="http://activiti.org/bpmn" xmlns:flowable="http://flowable.org/bpmn" ',
    );
    const built = await buildDefinition(xml, { processId: 'P' });
    expect(built.kind === 'compiled' && built.compiled.graph.nodes.Rules.task?.resultVariable).toBe('rulesOutput');
    const report = await simulate(xml, [{ type: 'variables', data: { echo: 'hello' } }]);
    expect(report.variables).toEqual({ echo: 'hello', echoed: 'hello', twice: 'hellohello', old: 'hello' });
    expect(report.active).toEqual(['Rules']);
  });

  it('business rule task is a job for now', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" /><bpmn:businessRuleTask id="Decide"><bpmn:extensionElements>
      <zeebe:calledDecision decisionId="fees" resultVariable="fee" /></bpmn:extensionElements></bpmn:businessRuleTask>
      <bpmn:endEvent id="End" />${chain('Start', 'Decide', 'End')}`,
    );
    expect((await simulate(xml)).active).toEqual(['Decide']);
    expect((await simulate(xml, [{ type: 'completeJob', task: 'Decide', data: { fee: 5 } }])).variables).toEqual({
      fee: 5,
    });
  });
});

describe("Camunda 7's due dates", () => {
  it('dateTime() with Joda arithmetic is the time of the step that opens the task, moved as written', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="Start" />
      <bpmn:userTask id="Decide" camunda:dueDate="\${dateTime().plusDays(grace).plusHours(2).toDate()}" />
      ${chain('Start', 'Decide')}`,
    );
    const report = await simulate(xml, [{ type: 'variables', data: { grace: 3 } }]);
    expect(report.openTasks).toEqual([
      expect.objectContaining({ elementId: 'Decide', dueAt: '2030-01-04T02:00:00.000Z' }),
    ]);
  });
});
