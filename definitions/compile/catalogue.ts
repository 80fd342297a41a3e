/**
 * What the engine must know about a process before any case runs: forms to resolve, job types for
 * workers, start events to subscribe (message, timer, signal), timers, messages and called processes.
 */
import type { ProcessGraph } from '../model/graph';

export interface Catalogue {
  startEvents: { elementId: string; kind: 'none' | 'message' | 'timer' | 'signal'; messageName?: string; signalName?: string; timer?: { kind: string; value: string }; formKey?: string }[];
  userTasks: { elementId: string; name?: string; formKey?: string; assignee?: string; candidateGroups?: string; candidateUsers?: string; dueDate?: string; priority?: string }[];
  jobs: { elementId: string; jobType: string; retries: number }[];
  timers: { elementId: string; kind: string; value: string }[];
  messages: { elementId: string; messageName: string; correlationKey?: string }[];
  signals: { elementId: string; signalName: string }[];
  callActivities: { elementId: string; calledElement: string }[];
  forms: string[];
  personal: string[];
}

export function compileCatalogue(graph: ProcessGraph): Catalogue {
  const catalogue: Catalogue = { startEvents: [], userTasks: [], jobs: [], timers: [], messages: [], signals: [], callActivities: [], forms: [], personal: [...new Set(graph.personal)].sort() };
  const ids = Object.keys(graph.nodes).sort();
  for (const id of ids) {
    const node = graph.nodes[id];
    const event = node.event;
    if (node.kind === 'startEvent' && node.scope === graph.id) {
      const kind = event?.kind === 'message' || event?.kind === 'timer' || event?.kind === 'signal' ? event.kind : 'none';
      const entry: Catalogue['startEvents'][number] = { elementId: id, kind };
      if (event?.kind === 'message') entry.messageName = event.messageName;
      if (event?.kind === 'signal') entry.signalName = event.signalName;
      if (event?.kind === 'timer') entry.timer = { kind: event.timer.kind, value: event.timer.value.source };
      if (node.task?.formKey) {
        entry.formKey = node.task.formKey;
        catalogue.forms.push(node.task.formKey);
      }
      catalogue.startEvents.push(entry);
    }
    if (node.kind === 'userTask') {
      const t = node.task ?? {};
      catalogue.userTasks.push(clean({ elementId: id, name: node.name, formKey: t.formKey, assignee: t.assignee?.source, candidateGroups: t.candidateGroups?.source, candidateUsers: t.candidateUsers?.source, dueDate: t.dueDate?.source, priority: t.priority?.source }));
      if (t.formKey) catalogue.forms.push(t.formKey);
    }
    if (node.task?.jobType) catalogue.jobs.push({ elementId: id, jobType: node.task.jobType, retries: node.task.retries ?? 3 });
    if (event?.kind === 'timer') catalogue.timers.push({ elementId: id, kind: event.timer.kind, value: event.timer.value.source });
    if (event?.kind === 'message') catalogue.messages.push(clean({ elementId: id, messageName: event.messageName, correlationKey: event.correlationKey?.source }));
    if (event?.kind === 'signal') catalogue.signals.push({ elementId: id, signalName: event.signalName });
    if (node.kind === 'callActivity' && node.task?.calledElement) catalogue.callActivities.push({ elementId: id, calledElement: node.task.calledElement });
  }
  catalogue.forms = [...new Set(catalogue.forms)].sort();
  return catalogue;
}

function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
