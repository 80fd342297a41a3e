/** The model a new decisions tab starts with: one decision table, one input, one output, drawn. */
export function newDecisionXml(): string {
  const id = `decisions_${Math.random().toString(36).slice(2, 9)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="${id}" name="Decisions" namespace="https://rebaz.dev/decisions/${id}">
  <inputData id="amount" name="amount">
    <variable id="amount_var" name="amount" typeRef="number" />
  </inputData>
  <decision id="decision" name="Decision">
    <variable id="decision_var" name="Decision" />
    <informationRequirement id="decision_needs_amount"><requiredInput href="#amount" /></informationRequirement>
    <decisionTable id="decision_table" hitPolicy="UNIQUE">
      <input id="decision_in" label="Amount">
        <inputExpression id="decision_in_expr" typeRef="number"><text>amount</text></inputExpression>
      </input>
      <output id="decision_out" label="Result" name="result" typeRef="string" />
      <rule id="decision_r1">
        <inputEntry id="decision_r1_in"><text>&lt; 100</text></inputEntry>
        <outputEntry id="decision_r1_out"><text>"small"</text></outputEntry>
      </rule>
      <rule id="decision_r2">
        <inputEntry id="decision_r2_in"><text>&gt;= 100</text></inputEntry>
        <outputEntry id="decision_r2_out"><text>"large"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="${id}_diagram">
      <dmndi:DMNShape id="decision_di" dmnElementRef="decision"><dc:Bounds height="80" width="180" x="160" y="100" /></dmndi:DMNShape>
      <dmndi:DMNShape id="amount_di" dmnElementRef="amount"><dc:Bounds height="45" width="125" x="187" y="260" /></dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>`;
}
