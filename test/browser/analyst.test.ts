/**
 * The analyst's path: issues name elements by their names (ids after them), choosing an issue
 * selects its element and scrolls to it, "Default flow" is one click on a flow out of a gateway,
 * the simulator fills data through the real forms with every form's checks (the start form's too)
 * and keeps what was typed when it refuses, the form editor's preview window exists, and the
 * Services page asks for no token. Screenshots are kept in test/browser/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import { en } from '../../ui-builder/src/features/i18n/en';
import { DESKTOP, keepScreenshot, launchBrowser, newContext, startUiServer, watchErrors } from './support';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = any;
interface RebazHook {
  modeler: { get(name: string): Untyped; importXML(xml: string): Promise<unknown> };
  appState: { set(patch: object): void };
}

const TIMEOUT = { timeout: 15_000 };
const shape = (id: string, x: number, y: number, w = 100, h = 80) =>
  `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
const edge = (id: string, points: [number, number][]) =>
  `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}">${points.map(([x, y]) => `<di:waypoint x="${x}" y="${y}" />`).join('')}</bpmndi:BPMNEdge>`;
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="KioskPermit" name="Kiosk permit" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" name="Application received" rebaz:form="kiosk-application" />
    <bpmn:userTask id="Review" name="Review the kiosk" rebaz:candidateGroups="permits-office" rebaz:form="kiosk-review" />
    <bpmn:exclusiveGateway id="Gateway_1" name="Approved?" />
    <bpmn:endEvent id="Granted" name="Permit granted" />
    <bpmn:endEvent id="Refused" name="Permit refused" />
    <bpmn:task id="Lonely" name="Archive the file" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_1" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Gateway_1" />
    <bpmn:sequenceFlow id="Flow_19987rd" name="Yes" sourceRef="Gateway_1" targetRef="Granted" />
    <bpmn:sequenceFlow id="Flow_0no" sourceRef="Gateway_1" targetRef="Refused" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="KioskPermit">
    ${shape('StartEvent_1', 150, 182, 36, 36)}${shape('Review', 240, 160)}${shape('Gateway_1', 400, 175, 50, 50)}
    ${shape('Granted', 520, 100, 36, 36)}${shape('Refused', 520, 260, 36, 36)}${shape('Lonely', 3400, 2400)}
    ${edge('Flow_1', [
      [186, 200],
      [240, 200],
    ])}${edge('Flow_2', [
      [340, 200],
      [400, 200],
    ])}
    ${edge('Flow_19987rd', [
      [425, 175],
      [425, 118],
      [520, 118],
    ])}${edge('Flow_0no', [
      [425, 225],
      [425, 278],
      [520, 278],
    ])}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
const APPLICATION_FORM = {
  type: 'default',
  id: 'kiosk-application',
  components: [
    { id: 'Field_name', type: 'textfield', key: 'fullName', label: 'Full name', validate: { required: true } },
    {
      id: 'Field_id',
      type: 'textfield',
      key: 'nationalId',
      label: 'National ID number',
      description: '10 digits',
      validate: { required: true, pattern: '^[0-9]{10}$' },
    },
  ],
};
const REVIEW_FORM = {
  type: 'default',
  id: 'kiosk-review',
  components: [
    {
      id: 'Field_decision',
      type: 'radio',
      key: 'decision',
      label: 'Decision',
      validate: { required: true },
      values: [
        { label: 'Grant', value: 'approve' },
        { label: 'Refuse', value: 'refuse' },
      ],
    },
    { id: 'Field_note', type: 'textarea', key: 'note', label: 'Note for the file' },
  ],
};

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** Runs `fn(modeler)` in the page (bpmn-js services are plain JavaScript there), as an expression of its own. */
function inModeler<T>(fn: (modeler: RebazHook['modeler']) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__rebaz.modeler)`) as Promise<T>;
}

const issue = (elementId: string) => page.locator(`[data-testid="issue"][data-element-id="${elementId}"]`);

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  const context = await newContext(browser, DESKTOP);
  page = await context.newPage();
  watchErrors(page, errors);
  await page.goto(server.url);
  await page.getByTestId('signin-as-analyst').click();
  await page.waitForFunction(() => location.hash === '#/model', undefined, TIMEOUT);
  await page.evaluate(
    async ({ xml, forms }) => {
      const { modeler, appState } = (window as unknown as { __rebaz: RebazHook }).__rebaz;
      appState.set({ forms });
      await modeler.importXML(xml);
    },
    { xml: XML, forms: { 'kiosk-application': APPLICATION_FORM, 'kiosk-review': REVIEW_FORM } },
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the analyst', () => {
  it('reads issues by element names, and choosing one selects and shows its element', async () => {
    await page.getByTestId('tab-problems').click();
    await issue('Flow_19987rd').waitFor(TIMEOUT);
    const named = await issue('Flow_19987rd').innerText();
    expect(named).toContain(
      'Sequence flow "Yes" (Flow_19987rd) out of exclusive gateway "Approved?" (Gateway_1) has no condition',
    );
    expect(await issue('Flow_19987rd').locator('.issue__where').innerText()).toMatch(
      /^UNCONDITIONED_FLOW · "Yes" \(Flow_19987rd\)/,
    );
    // Without a name, the id alone.
    expect(await issue('Flow_0no').locator('.issue__where').innerText()).toMatch(/^UNCONDITIONED_FLOW · Flow_0no/);
    expect(await issue('Lonely').locator('.issue__where').innerText()).toContain('"Archive the file" (Lonely)');
    await keepScreenshot(page, 'analyst-issues-by-name');

    // The far-away task is out of sight until its issue is chosen.
    const inView = () =>
      inModeler((modeler) => {
        const element = modeler.get('elementRegistry').get('Lonely');
        const box = modeler.get('canvas').viewbox();
        const [x, y] = [element.x + element.width / 2, element.y + element.height / 2];
        return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
      });
    expect(await inView()).toBe(false);
    await issue('Lonely').first().click();
    expect(
      await inModeler((modeler) =>
        modeler
          .get('selection')
          .get()
          .map((e: { id: string }) => e.id),
      ),
    ).toEqual(['Lonely']);
    await expect.poll(inView, TIMEOUT).toBe(true);
    expect(errors).toEqual([]);
  });

  it('marks the default flow with one click on the flow', async () => {
    await inModeler((modeler) => {
      const registry = modeler.get('elementRegistry');
      modeler.get('modeling').removeElements([registry.get('Lonely')]);
    });
    await issue('Lonely').waitFor({ state: 'detached', ...TIMEOUT });
    await issue('Flow_0no').first().click();
    await page.getByTestId('tab-properties').click();
    const entry = page.locator('[data-entry-id="rebaz-default-flow"]');
    if (!(await entry.isVisible()))
      await page.locator('.bio-properties-panel-group-header', { hasText: 'Condition' }).first().click();
    await entry.getByLabel('Default flow').check();
    expect(
      await inModeler((modeler) => modeler.get('elementRegistry').get('Gateway_1').businessObject.default?.id),
    ).toBe('Flow_0no');
    await issue('Flow_0no').waitFor({ state: 'detached', ...TIMEOUT });
    await keepScreenshot(page, 'analyst-default-flow');
    // Unchecked, the gateway has no default again. The panel draws the box again after each
    // change, so the test clicks it and waits for the model rather than for the box's state.
    const gatewayDefault = () =>
      inModeler((modeler) => modeler.get('elementRegistry').get('Gateway_1').businessObject.default?.id ?? null);
    await entry.getByLabel('Default flow').click();
    await expect.poll(gatewayDefault, TIMEOUT).toBeNull();
    await issue('Flow_0no')
      .first()
      .waitFor({ state: 'attached', ...TIMEOUT });
    await entry.getByLabel('Default flow').click();
    await expect.poll(gatewayDefault, TIMEOUT).toBe('Flow_0no');

    await inModeler((modeler) => {
      const flow = modeler.get('elementRegistry').get('Flow_19987rd');
      const body = '= decision = "approve"';
      modeler.get('modeling').updateProperties(flow, {
        conditionExpression: modeler.get('moddle').create('bpmn:FormalExpression', { body }),
      });
    });
    await page.getByTestId('tab-problems').click();
    await expect
      .poll(() => page.getByTestId('issue-summary').textContent(), TIMEOUT)
      .toBe('No problems: the diagram compiles.');
  });

  it('simulates through the real forms, with their checks, keeping the input when refused', async () => {
    await page.getByTestId('tab-simulate').click();
    const startForm = page.getByTestId('sim-start-form');
    await startForm.getByLabel('Full name').waitFor(TIMEOUT);
    const message = page.getByTestId('sim-message');

    // Bad JSON in the extra variables: refused, every field as it was.
    await startForm.getByLabel('Full name').fill('Hana Karim');
    await page.getByTestId('sim-variables').fill('{"priority": ');
    await page.getByTestId('sim-start').click();
    await expect.poll(() => message.textContent(), TIMEOUT).toContain('is not valid JSON');
    expect(await page.getByTestId('sim-variables').inputValue()).toBe('{"priority": ');
    expect(await startForm.getByLabel('Full name').inputValue()).toBe('Hana Karim');

    // The start form's own rules: a national ID of 5 digits is refused, said in words.
    await page.getByTestId('sim-variables').fill('{"priority": 2}');
    await startForm.getByLabel('National ID number').fill('12345');
    await page.getByTestId('sim-start').click();
    await expect.poll(() => message.textContent(), TIMEOUT).toContain('has fields to fix');
    await expect.poll(() => startForm.innerText(), TIMEOUT).toContain('This does not have the expected format.');
    expect(await startForm.getByLabel('National ID number').inputValue()).toBe('12345');
    expect(await startForm.getByLabel('Full name').inputValue()).toBe('Hana Karim');
    expect(await page.getByTestId('sim-status').count()).toBe(0);
    await keepScreenshot(page, 'analyst-sim-start-form-refused');

    await startForm.getByLabel('National ID number').fill('1234567890');
    await page.getByTestId('sim-start').click();
    const review = page.getByTestId('sim-form-Review');
    await review.getByLabel('Note for the file').waitFor(TIMEOUT);

    // The task's form: the decision is required; refused, the note stays.
    await review.getByLabel('Note for the file').fill('Kiosk fits the pavement.');
    await page.getByTestId('sim-complete-Review').click();
    await expect.poll(() => message.textContent(), TIMEOUT).toContain('has fields to fix');
    expect(await review.getByLabel('Note for the file').inputValue()).toBe('Kiosk fits the pavement.');
    await review.getByLabel('Grant').check();
    await page.getByTestId('sim-complete-Review').click();
    await page.getByTestId('sim-no-waits').waitFor(TIMEOUT);
    await page.locator('.djs-element.rebaz-done[data-element-id="Granted"]').waitFor(TIMEOUT);

    // The trace names each step, the id after it.
    const trace = await page.getByTestId('sim-trace').innerText();
    expect(trace).toContain('Approved? (Gateway_1)');
    expect(trace).toContain('Review the kiosk (Review)');
    expect(trace).toContain('Permit granted (Granted)');
    expect(await message.textContent()).toBe('');
    await keepScreenshot(page, 'analyst-simulated-through-forms');
    expect(errors).toEqual([]);
  });

  it('previews a form in the form editor, and Services asks for no token', async () => {
    await page.getByTestId('nav-forms').click();
    await page.getByTestId('form-open-Review').click();
    const preview = page.getByTestId('form-preview');
    await preview.getByLabel('Note for the file').waitFor(TIMEOUT);
    expect(await preview.getByRole('heading').first().textContent()).toBe(en['forms.preview']);
    await keepScreenshot(page, 'analyst-form-preview');

    await page.getByTestId('nav-services').click();
    await expect.poll(() => page.getByTestId('services-status').textContent(), TIMEOUT).toBe(en['services.empty']);
    const services = page.getByTestId('view-services');
    expect(await services.locator('input[type="password"]').count()).toBe(0);
    expect(await services.innerText()).not.toMatch(/API token/i);
    expect(await page.getByTestId('services-sign-in').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  });
});
