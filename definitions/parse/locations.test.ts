import { describe, expect, it } from 'vitest';
import { locateElements } from './locations';

describe('locateElements', () => {
  it('maps ids to the 1-based line and column of their start tag', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<bpmn:definitions id="Defs" xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">',
      '  <!-- <bpmn:task id="InComment"/> -->',
      '  <bpmn:process id="Process_1">',
      '    <bpmn:startEvent name="a > b" id="Start"/><bpmn:task',
      "        id='Task_1' />",
      '    <bpmn:documentation><![CDATA[<x id="InCdata"/>]]></bpmn:documentation>',
      '  </bpmn:process>',
      '</bpmn:definitions>',
    ].join('\r\n');
    expect(Object.fromEntries(locateElements(xml))).toEqual({
      Defs: { line: 2, column: 1 },
      Process_1: { line: 4, column: 3 },
      Start: { line: 5, column: 5 },
      Task_1: { line: 5, column: 47 },
    });
  });

  it('keeps the first of duplicate ids and decodes entities', () => {
    const locations = locateElements('<a id="x&amp;y"/>\n<b id="x&amp;y"/>');
    expect([...locations]).toEqual([['x&y', { line: 1, column: 1 }]]);
  });

  it('stops quietly at unterminated markup', () => {
    expect([...locateElements('<a id="1"/><b id="2')]).toEqual([['1', { line: 1, column: 1 }]]);
  });

  it('is linear: 10 MB in well under two seconds', () => {
    const line = '<bpmn:task id="Task_%" name="A task with a name" />\n';
    const count = Math.ceil((10 * 1024 * 1024) / line.length);
    const xml = `<definitions>\n${Array.from({ length: count }, (_, i) => line.replace('%', String(i))).join('')}</definitions>`;
    const started = performance.now();
    const locations = locateElements(xml);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(locations.size).toBe(count);
    expect(locations.get(`Task_${count - 1}`)).toEqual({ line: count + 1, column: 1 });
  });
});
