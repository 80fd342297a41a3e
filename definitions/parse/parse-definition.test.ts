import { describe, expect, it } from 'vitest';
import { parseDefinition } from './parse-definition';
import { DefinitionParseError } from './parse-error';

const NS = [
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"',
  'xmlns:rebaz="http://rebaz.dev/schema/bpmn"',
  'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"',
  'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"',
].join(' ');

function bpmn(...lines: string[]): string {
  return [`<bpmn:definitions id="Defs" ${NS}>`, ...lines, '</bpmn:definitions>'].join('\n');
}

async function parseError(xml: string): Promise<DefinitionParseError> {
  const error = await parseDefinition(xml).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DefinitionParseError);
  return error as DefinitionParseError;
}

describe('parseDefinition', () => {
  it('returns the definitions, elements by id and their locations', async () => {
    const parsed = await parseDefinition(
      bpmn(
        '  <bpmn:process id="Process_1" isExecutable="true">',
        '    <bpmn:startEvent id="Start" />',
        '  </bpmn:process>',
      ),
    );
    expect(parsed.definitions.$type).toBe('bpmn:Definitions');
    expect(parsed.elementsById.Start.$type).toBe('bpmn:StartEvent');
    expect(parsed.locations.get('Start')).toEqual({ line: 3, column: 5 });
    expect(parsed.warnings).toEqual([]);
  });

  it('reads attributes written with white space around "=", as XML allows, where they are', async () => {
    const parsed = await parseDefinition(
      bpmn(
        '  <bpmn:process id = "Process_1" isExecutable =\t"true">',
        '    <bpmn:userTask id="Task" name = "After MI" camunda:assignee= \'${a = "b"}\' />',
        '    <!-- a comment = "kept" --><bpmn:endEvent id="End"><bpmn:documentation>x = "y"</bpmn:documentation></bpmn:endEvent>',
        '  </bpmn:process>',
      ),
    );
    const task = parsed.elementsById.Task;
    expect([task.name, task.get('camunda:assignee')]).toEqual(['After MI', '${a = "b"}']);
    expect(parsed.elementsById.Process_1.isExecutable).toBe(true);
    expect(parsed.elementsById.End.documentation[0].text).toBe('x = "y"');
    expect(parsed.locations.get('End')).toEqual({ line: 4, column: 32 });
    expect(parsed.warnings).toEqual([]);
  });

  it('warns of a prefix used but declared nowhere, whose elements the reader ignores', async () => {
    const parsed = await parseDefinition(
      [
        '<bpmn:definitions id="Defs" xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">',
        '  <bpmn:process id="P"><bpmn:serviceTask id="Mail">',
        '    <bpmn:extensionElements><zeebe:taskDefinition type="mail" /></bpmn:extensionElements>',
        '  </bpmn:serviceTask></bpmn:process>',
        '</bpmn:definitions>',
      ].join('\n'),
    );
    expect(parsed.warnings).toEqual([
      {
        message: expect.stringMatching(
          /^The prefix "zeebe:" is used but declared nowhere in the file \(no xmlns:zeebe/,
        ),
        line: 3,
        column: 29,
      },
    ]);
  });

  it('reads rebaz attributes and the rebaz:ioMapping extension as typed properties', async () => {
    const parsed = await parseDefinition(
      bpmn(
        '  <bpmn:process id="P" rebaz:personal="name, email">',
        '    <bpmn:userTask id="Review" rebaz:assignee="= applicant" rebaz:candidateGroups="clerks" ' +
          'rebaz:form="review"',
        '        rebaz:dueDate="P3D" rebaz:priority="50" />',
        '    <bpmn:serviceTask id="Send" rebaz:jobType="mail" rebaz:retries="5">',
        '      <bpmn:extensionElements><rebaz:ioMapping>',
        '        <rebaz:input source="= applicant.email" target="to" /><rebaz:output source="= id" target="mailId" />',
        '      </rebaz:ioMapping></bpmn:extensionElements>',
        '    </bpmn:serviceTask>',
        '    <bpmn:scriptTask id="Sum" rebaz:resultVariable="total" rebaz:jobType="x" />',
        '    <bpmn:callActivity id="Call" calledElement="child" rebaz:calledElement="other" />',
        '  </bpmn:process>',
        '  <bpmn:message id="M" name="paid" rebaz:correlationKey="= orderId" />',
      ),
    );
    const { P, Review, Send, Sum, Call, M } = parsed.elementsById;
    expect(P.personal).toBe('name, email');
    expect([Review.assignee, Review.candidateGroups, Review.form, Review.dueDate, Review.priority]).toEqual([
      '= applicant',
      'clerks',
      'review',
      'P3D',
      '50',
    ]);
    expect([Send.jobType, Send.retries, Sum.resultVariable, M.correlationKey]).toEqual([
      'mail',
      5,
      'total',
      '= orderId',
    ]);
    const [io] = Send.extensionElements.values;
    expect(io.$type).toBe('rebaz:IoMapping');
    expect(
      io.inputParameters.map((p: { $type: string; source: string; target: string }) => [p.$type, p.source, p.target]),
    ).toEqual([['rebaz:Input', '= applicant.email', 'to']]);
    expect(io.outputParameters[0].target).toBe('mailId');
    // rebaz:calledElement cannot be declared (BPMN owns calledElement) but reads the same way, silently.
    expect([Call.calledElement, Call.get('rebaz:calledElement')]).toEqual(['child', 'other']);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps camunda: and zeebe: attributes that share a name with ours readable through get()', async () => {
    const parsed = await parseDefinition(
      bpmn(
        '  <bpmn:process id="P" camunda:modelerTemplate="c" zeebe:modelerTemplate="z">',
        '    <bpmn:userTask id="T" camunda:assignee="demo" rebaz:assignee="= owner" camunda:followUpDate="P1D" />',
        '    <bpmn:serviceTask id="S"><bpmn:extensionElements><zeebe:taskDefinition type="pay" retries="3" />',
        '    </bpmn:extensionElements></bpmn:serviceTask>',
        '  </bpmn:process>',
      ),
    );
    const { P, T, S } = parsed.elementsById;
    expect([T.get('camunda:assignee'), T.get('rebaz:assignee'), T.followUpDate]).toEqual(['demo', '= owner', 'P1D']);
    expect([P.get('camunda:modelerTemplate'), P.get('zeebe:modelerTemplate')]).toEqual(['c', 'z']);
    expect(S.extensionElements.values[0]).toMatchObject({ $type: 'zeebe:TaskDefinition', type: 'pay', retries: '3' });
    expect(parsed.warnings).toEqual([]);
  });

  it(
    'reads Flowable and Activiti attributes under their own prefix, ' +
      'whatever prefix the file binds to their namespace',
    async () => {
      const parsed = await parseDefinition(
        [
          '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
            'xmlns:fl="http://flowable.org/bpmn" xmlns:camunda="http://activiti.org/bpmn">',
          '  <process id="P">',
          '    <serviceTask id="A" fl:class="org.example.Mail" fl:async="true"><extensionElements>' +
            '<fl:field name="to" stringValue="x" /></extensionElements></serviceTask>',
          '    <serviceTask id="B" camunda:delegateExpression="${archive}" />',
          '  </process>',
          '</definitions>',
        ].join('\n'),
      );
      const { A, B } = parsed.elementsById;
      expect([
        A.get('flowable:class'),
        B.get('activiti:delegateExpression'),
        B.get('camunda:delegateExpression'),
      ]).toEqual(['org.example.Mail', '${archive}', undefined]);
      expect(A.extensionElements.values[0]).toMatchObject({ $type: 'flowable:Field', name: 'to', stringValue: 'x' });
      expect(parsed.warnings).toEqual([
        {
          message:
            'The flowable attribute flowable:async on <bpmn:ServiceTask id="A"> has no meaning in Rebaz and is ignored.',
          elementId: 'A',
          line: 3,
          column: 5,
        },
      ]);
    },
  );

  it('turns moddle findings into warnings with element id, line and column', async () => {
    const parsed = await parseDefinition(
      bpmn(
        '  <bpmn:process id="P">',
        '    <bpmn:serviceTask id="S" camunda:jobTyp="mail" />',
        '    <bpmn:sequenceFlow id="F" sourceRef="Nowhere" targetRef="S" />',
        '    <bpmn:weirdTask id="W" />',
        '  </bpmn:process>',
      ),
    );
    expect(parsed.warnings).toEqual([
      {
        message:
          'Unknown attribute camunda:jobTyp on <bpmn:ServiceTask id="S"> is ignored; ' +
          'check its spelling and namespace prefix.',
        elementId: 'S',
        line: 3,
        column: 5,
      },
      {
        message:
          '<bpmn:weirdTask> could not be read completely (unknown type <bpmn:WeirdTask>); ' +
          'the unreadable part is ignored.',
        elementId: 'W',
        line: 5,
        column: 5,
      },
      {
        message: '<bpmn:SequenceFlow id="F"> refers to "Nowhere" in sourceRef, but no element has that id.',
        elementId: 'F',
        line: 4,
        column: 5,
        unresolved: 'sourceRef',
      },
    ]);
  });

  it('marks the element dropped for a repeated id with that id, at the dropped one', async () => {
    const parsed = await parseDefinition(
      bpmn(
        '  <bpmn:process id="P">',
        '    <bpmn:task id="A" />',
        '    <bpmn:sequenceFlow id="F" sourceRef="A" targetRef="A" />',
        '    <bpmn:sequenceFlow id="F" sourceRef="A" targetRef="A" />',
        '  </bpmn:process>',
      ),
    );
    expect(parsed.warnings).toEqual([
      {
        message: '<bpmn:sequenceFlow> could not be read completely (duplicate ID <F>); the unreadable part is ignored.',
        line: 5,
        column: 5,
        duplicateId: 'F',
      },
    ]);
  });

  it('rejects a DOCTYPE with entities before the XML parser sees it', async () => {
    const error = await parseError(
      `<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${bpmn('<bpmn:process id="P" name="&x;"/>')}`,
    );
    expect(error).toMatchObject({ code: 'XML_DOCTYPE_FORBIDDEN', line: 1, column: 1 });
  });

  it('rejects text over maxBytes', async () => {
    await expect(parseDefinition(bpmn('<bpmn:process id="P" />'))).resolves.toBeDefined();
    await expect(parseDefinition(bpmn('<bpmn:process id="P" />'), { maxBytes: 100 })).rejects.toMatchObject({
      code: 'XML_TOO_LARGE',
      message: expect.stringMatching(/^The file is \d+ bytes; definitions are limited to 100 bytes\./),
    });
  });

  it('rejects 10,000-deep nesting quickly, before moddle recurses into it', async () => {
    const started = performance.now();
    const error = await parseError(
      bpmn(`<bpmn:process id="P">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</bpmn:process>`),
    );
    expect(performance.now() - started).toBeLessThan(200);
    expect(error).toMatchObject({ code: 'XML_TOO_DEEP', line: 2, column: 22 + 3 * 198 });
  });

  it('rejects deep nesting with maxDepth', async () => {
    const xml = bpmn(
      '<bpmn:process id="P"><bpmn:subProcess id="S"><bpmn:subProcess id="S2"/></bpmn:subProcess></bpmn:process>',
    );
    await expect(parseDefinition(xml, { maxDepth: 3 })).rejects.toMatchObject({
      code: 'XML_TOO_DEEP',
      line: 2,
      column: 46,
    });
    await expect(parseDefinition(xml, { maxDepth: 4 })).resolves.toBeDefined();
  });

  it('reports garbage and empty text as XML_MALFORMED', async () => {
    expect(await parseError('this is not xml')).toMatchObject({ code: 'XML_MALFORMED', line: 1, column: 1 });
    expect((await parseError('this is not xml')).message).toContain('no XML element was found');
    expect((await parseError('   ')).message).toContain('the file is empty');
    expect((await parseError(42 as unknown as string)).message).toContain('expected XML text, got number');
  });

  it('reports broken XML with the line and column moddle found', async () => {
    const error = await parseError(bpmn('  <bpmn:process id="P">', '    <bpmn:task id="T">', '  </bpmn:process>'));
    expect(error.code).toBe('XML_MALFORMED');
    expect([error.line, error.column]).toEqual([4, 3]);
    expect(error.message).toBe(
      'The file is not well-formed XML (Line 4, column 3): closing tag mismatch. ' +
        'Open it in a BPMN modeller or an XML editor, fix it and save it again.',
    );
  });

  it('reports XML that is not BPMN as NOT_BPMN', async () => {
    const error = await parseError('<?xml version="1.0"?>\n<foo/>');
    expect(error).toMatchObject({ code: 'NOT_BPMN', line: 2, column: 1 });
    expect(error.message).toBe(
      'Line 2, column 1: the root element is <foo> without a namespace, not the BPMN 2.0 ' +
        '<definitions> element (namespace http://www.omg.org/spec/BPMN/20100524/MODEL). ' +
        'Upload a BPMN 2.0 XML file exported from a BPMN modeller.',
    );
    const dmn = '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d"/>';
    expect(await parseError(dmn)).toMatchObject({
      code: 'NOT_BPMN',
      message: expect.stringContaining('in namespace https://www.omg.org/spec/DMN/20191111/MODEL/'),
    });
  });

  it('reports definitions without a process as NO_PROCESS, with the first problem found', async () => {
    expect(await parseError(bpmn('<bpmn:collaboration id="C" />'))).toMatchObject({
      code: 'NO_PROCESS',
      message: expect.stringMatching(/^The definitions contain no <process>/),
    });
    const dropped = await parseError(bpmn('  <bpmn:process id="Defs" />'));
    expect(dropped.message).toMatch(
      /Reading the file reported: line 2: <bpmn:process> could not be read completely \(duplicate ID <Defs>\)/,
    );
  });

  it('strips a byte order mark and warns when a non-UTF-8 file was misdecoded', async () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="ISO-8859-1"?>\n${bpmn('<bpmn:process id="P" name="Caf\uFFFD" />')}`;
    const parsed = await parseDefinition(xml);
    expect(parsed.xml.startsWith('<?xml')).toBe(true);
    expect(parsed.warnings).toEqual([
      {
        message:
          'The file declares encoding ISO-8859-1 but was read as UTF-8, so some characters are lost. ' +
          'Upload the file as bytes, or decode it with decodeDefinitionBytes.',
        line: 1,
        column: 1,
      },
    ]);
  });
});
