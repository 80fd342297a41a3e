/**
 * The activities the simulated cases can start on request now (those of each open ad-hoc
 * sub-process; none while a sequential one runs something): one button each, as a clerk desk shows.
 */
import type { Simulation } from '../../../../engine/runtime/simulator';
import { t } from '../i18n';
import { h, holdFocus } from '../shell/dom';

/** `guard` runs the activation and reports a refusal in the status line. */
export function renderAdHocList(simulation: Simulation, guard: (action: () => void) => void): HTMLElement[] {
  const offers = simulation.adHocActivities();
  if (offers.length === 0) return [];
  const showCase = simulation.cases.length > 1;
  return [
    h('h3', {}, t('sim.adHoc')),
    h(
      'ul',
      { class: 'wait-list', testid: 'sim-ad-hoc' },
      ...offers.map(({ c, activity }) =>
        h(
          'li',
          { class: 'wait' },
          h(
            'p',
            { class: 'wait__details muted' },
            t('sim.adHocIn', { subProcess: activity.subProcessId }),
            showCase ? ` · ${c.id}` : '',
          ),
          h(
            'button',
            {
              class: 'button',
              testid: `sim-activate-${activity.id}`,
              attrs: { type: 'button' },
              on: {
                click: () => guard(() => simulation.send(c, { type: 'adhoc.activate', elementId: activity.id })),
                mousedown: holdFocus,
              },
            },
            t('sim.activate', { name: activity.name ?? activity.id }),
          ),
        ),
      ),
    ),
  ];
}
