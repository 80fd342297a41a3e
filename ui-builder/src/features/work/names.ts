/** Names from the model in the reader's language (`rebaz:name-ckb`), else as the analyst drew them. */
import type { TranslatedNames } from '../../api/work-api';
import { currentLocale } from '../i18n';

export function modelName(names: TranslatedNames | undefined, id: string, drawn: string | null | undefined): string {
  return names?.[id]?.[currentLocale()] ?? drawn ?? id;
}

/** A service's name: the process's translated name, else its name, else its key. */
export function serviceName(
  definition: { name: string | null; translatedNames?: TranslatedNames } | undefined,
  key: string,
): string {
  return modelName(definition?.translatedNames, key, definition?.name ?? key);
}

/**
 * The number an applicant quotes: the business key if the case has one, else the last eight
 * characters of its id. Ids begin with the time they were made (UUID version 7), so cases started
 * within the same minute share their first characters; the end of an id is random.
 */
export function referenceOf(kase: { id: string; businessKey: string | null }): string {
  return kase.businessKey ?? kase.id.replace(/-/g, '').slice(-8).toUpperCase();
}

/** The names the model gives its elements, by id (`<bpmn:userTask id="Check" name="Check documents">`). */
export function namesInXml(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const el of doc.querySelectorAll('[id][name]')) {
    const name = el.getAttribute('name')?.trim();
    if (name) names.set(el.getAttribute('id') as string, name);
  }
  return names;
}
