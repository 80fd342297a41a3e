/**
 * A tiny element builder: no framework, just DOM. Text that needs translating is given as a
 * message key (`i18n`, `i18nLabel`, …) so a locale change re-labels the element in place.
 *
 * @example
 * h('button', { type: 'button', i18n: 'sim.start', testid: 'sim-start', on: { click: start } })
 */
import { t, type MessageKey } from '../i18n';

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  testid?: string;
  /** Translated text content, label, title or placeholder, with `{name}` parameters. */
  i18n?: MessageKey;
  i18nLabel?: MessageKey;
  i18nTitle?: MessageKey;
  i18nPlaceholder?: MessageKey;
  params?: Record<string, string | number>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
  /** Any other attribute: `type`, `for`, `aria-*`, `role`, `hidden`… (false/undefined leaves it out). */
  attrs?: Record<string, string | number | boolean | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.testid) el.dataset.testid = props.testid;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== undefined) el.setAttribute(name, String(value));
  }
  if (props.params) el.dataset.i18nParams = JSON.stringify(props.params);
  translateOnto(el, props);
  for (const [type, listener] of Object.entries(props.on ?? {})) el.addEventListener(type, listener as EventListener);
  append(el, children);
  return el;
}

function translateOnto(el: HTMLElement, props: Props): void {
  if (props.i18n) {
    el.dataset.i18n = props.i18n;
    el.textContent = t(props.i18n, props.params);
  }
  if (props.i18nLabel) {
    el.dataset.i18nLabel = props.i18nLabel;
    el.setAttribute('aria-label', t(props.i18nLabel, props.params));
  }
  if (props.i18nTitle) {
    el.dataset.i18nTitle = props.i18nTitle;
    el.setAttribute('title', t(props.i18nTitle, props.params));
  }
  if (props.i18nPlaceholder) {
    el.dataset.i18nPlaceholder = props.i18nPlaceholder;
    el.setAttribute('placeholder', t(props.i18nPlaceholder, props.params));
  }
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

/** Shows a message in `el` that follows later locale changes (status lines, reports). */
export function setMessage(el: HTMLElement, key: MessageKey | '', params?: Record<string, string | number>): void {
  if (!key) {
    delete el.dataset.i18n;
    el.textContent = '';
    return;
  }
  el.dataset.i18n = key;
  if (params) el.dataset.i18nParams = JSON.stringify(params);
  else delete el.dataset.i18nParams;
  el.textContent = t(key, params);
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let nextId = 0;
/** A page-unique id for pairing a <label for> with its control. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled control: <div class="field"><label for>…</label>control</div>. */
export function field(
  labelKey: MessageKey,
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  params?: Record<string, string | number>,
): HTMLDivElement {
  if (!control.id) control.id = uid('field');
  return h(
    'div',
    { class: 'field' },
    h('label', { attrs: { for: control.id }, i18n: labelKey, ...(params ? { params } : {}) }),
    control,
  );
}

/**
 * For the `mousedown` of a button that submits a form: the field being typed in keeps its focus
 * until the click. Leaving a form-js field shows or clears its message, which moves the button
 * below it between the press and the release, and the click is lost; the form's `submit()` takes
 * the field's last keystrokes itself (form-view.ts).
 */
export function holdFocus(event: MouseEvent): void {
  if (event.button === 0) event.preventDefault();
}

/** Parses the JSON a user typed; '' is an empty object. */
export function readJson(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('expected a JSON object such as {"amount": 100}');
  return value as Record<string, unknown>;
}
