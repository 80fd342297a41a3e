/** The test services: a permit with a clerk review, a worker job and an applicant confirmation; a consent. */
const NS = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
  'xmlns:rebaz="http://rebaz.dev/schema/bpmn"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

const userTask = (id: string, groups: string, form?: string) =>
  `<bpmn:userTask id="${id}" name="${id}"><bpmn:extensionElements>
  <zeebe:assignmentDefinition candidateGroups="${groups}" />
  ${form ? `<zeebe:formDefinition formId="${form}" />` : ''}</bpmn:extensionElements></bpmn:userTask>`;

/**
 * permit: Start → Review (licensing, form "review") → approved? → Issue (job "issue-permit") →
 * Confirm (the applicant) → Done; not approved → Rejected. The start takes fullName and nationalId (both personal) and
 * category.
 */
export const PERMIT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_permit" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="permit" name="Test permit" isExecutable="true" rebaz:personal="fullName,nationalId">
    <bpmn:startEvent id="Start" rebaz:outputs="fullName,nationalId,category" />
    ${userTask('Review', 'licensing', 'review')}
    <bpmn:exclusiveGateway id="Decide" default="Flow_reject" />
    <bpmn:serviceTask id="Issue" name="Issue"><bpmn:extensionElements><zeebe:taskDefinition type="issue-permit"
      retries="1" /></bpmn:extensionElements></bpmn:serviceTask>
    ${userTask('Confirm', 'applicant')}
    <bpmn:endEvent id="Done" />
    <bpmn:endEvent id="Rejected" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Decide" />
    <bpmn:sequenceFlow id="Flow_approve" sourceRef="Decide" targetRef="Issue"><bpmn:conditionExpression
      xsi:type="bpmn:tFormalExpression">=approved = true</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_reject" sourceRef="Decide" targetRef="Rejected" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Issue" targetRef="Confirm" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Confirm" targetRef="Done" />
  </bpmn:process>
</bpmn:definitions>`;

export const PERMIT_FORMS = {
  review: {
    components: [
      { type: 'checkbox', key: 'approved', label: 'Approved' },
      { type: 'textfield', key: 'note', label: 'Note', validate: { maxLength: 20 } },
    ],
  },
};

/** consent: Start (takes a phone number) → Consent (the applicant) → End. */
export const CONSENT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_consent" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="consent" isExecutable="true">
    <bpmn:startEvent id="Start" rebaz:outputs="phone" />
    ${userTask('Consent', 'applicant')}
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Consent" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Consent" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * printing: Start (takes `reference`) → Printed (waits for "permit-printed", keyed by reference,
 * which only issue-permit workers may publish; it writes printedAt) → End.
 */
export const PRINTING_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_printing" targetNamespace="http://rebaz.dev/test">
  <bpmn:message id="Printed_msg" name="permit-printed" rebaz:correlationKey="=reference"
    rebaz:publishers="job:issue-permit" />
  <bpmn:process id="printing" isExecutable="true">
    <bpmn:startEvent id="Start" rebaz:outputs="reference" />
    <bpmn:intermediateCatchEvent id="Printed" rebaz:outputs="printedAt"><bpmn:messageEventDefinition
      messageRef="Printed_msg" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Printed" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Printed" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * grant: starts on a condition (evaluateStartConditions) when `amount` is over 1000, taking amount
 * and purpose → Review (licensing) → End.
 */
export const GRANT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_grant" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="grant" isExecutable="true">
    <bpmn:startEvent id="Large" rebaz:outputs="amount,purpose"><bpmn:conditionalEventDefinition>
      <bpmn:condition xsi:type="bpmn:tFormalExpression">= amount &gt; 1000</bpmn:condition>
    </bpmn:conditionalEventDefinition></bpmn:startEvent>
    ${userTask('Review', 'licensing')}
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Large" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/** Refused at validation: a gateway with no way out. */
export const BROKEN_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions ${NS} id="Defs_broken" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:exclusiveGateway id="Orphan" name="Approved?" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Orphan" />
  </bpmn:process>
</bpmn:definitions>`;
