/**
 * A message sent in the simulation panel before any case waits for it is kept, as the engine
 * buffers it: the panel lists it with its expiry, and the case takes it when it reaches its catch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningServer } from '../../graphql/server';
import { DESKTOP, launchBrowser, newContext, startUiServer, watchErrors } from './support';

interface RebazHook {
  modeler: { importXML(xml: string): Promise<unknown> };
}

const TIMEOUT = { timeout: 15_000 };
const shape = (id: string, x: number, w = 100, h = 80) =>
  `<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${200 - h / 2}" width="${w}" height="${h}" /></bpmndi:BPMNShape>`;
const edge = (id: string, from: number, to: number) =>
  `<bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="${from}" y="200" /><di:waypoint x="${to}" y="200" /></bpmndi:BPMNEdge>`;
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:rebaz="http://rebaz.dev/schema/bpmn"
  id="Defs" targetNamespace="http://rebaz.dev/test">
  <bpmn:process id="Fees" name="Fees" isExecutable="true">
    <bpmn:startEvent id="Start" name="Applied" />
    <bpmn:userTask id="Review" name="Review" rebaz:candidateGroups="clerks" />
    <bpmn:intermediateCatchEvent id="Paid" name="Fee paid"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="End" name="Done" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="Paid" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Paid" targetRef="End" />
  </bpmn:process>
  <bpmn:message id="M" name="fee-paid" />
  <bpmndi:BPMNDiagram id="Diagram"><bpmndi:BPMNPlane id="Plane" bpmnElement="Fees">
    ${shape('Start', 100, 36, 36)}${shape('Review', 200)}${shape('Paid', 360, 36, 36)}${shape('End', 460, 36, 36)}
    ${edge('Flow_1', 136, 200)}${edge('Flow_2', 300, 360)}${edge('Flow_3', 396, 460)}
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startUiServer();
  browser = await launchBrowser();
  page = await (await newContext(browser, DESKTOP)).newPage();
  watchErrors(page, errors);
  await page.goto(server.url);
  await page.getByTestId('signin-as-analyst').click();
  await page.waitForFunction(() => location.hash === '#/model', undefined, TIMEOUT);
  await page.evaluate(async (xml) => {
    await (window as unknown as { __rebaz: RebazHook }).__rebaz.modeler.importXML(xml);
  }, XML);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a message sent before its catch opens, in the simulation panel', () => {
  it('is listed as kept until it expires, and taken when the case reaches its catch', async () => {
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              (
                window as unknown as {
                  __rebaz: { appState: { get(): { build?: { compiled?: { processId: string } } } } };
                }
              ).__rebaz.appState.get().build?.compiled?.processId,
          ),
        TIMEOUT,
      )
      .toBe('Fees');
    await page.getByTestId('tab-simulate').click();
    await page.getByTestId('sim-start').click();
    await page.getByTestId('sim-wait-Review').waitFor(TIMEOUT);

    await page.getByTestId('sim-message-name').fill('fee-paid');
    await page.getByTestId('sim-message-data').fill('{"receipt": "R-9"}');
    await page.getByTestId('sim-send-message').click();
    const kept = page.getByTestId('sim-buffered');
    await kept.waitFor(TIMEOUT);
    expect(await kept.textContent()).toContain('"fee-paid"');
    expect(await kept.locator('time').getAttribute('datetime')).toMatch(/T\d\d:\d\d:\d\d/);
    expect(await page.getByTestId('sim-message').textContent()).toBe('');

    await page.getByTestId('sim-complete-Review').click();
    await page.locator('.djs-element.rebaz-done[data-element-id="End"]').waitFor(TIMEOUT);
    expect(await kept.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
