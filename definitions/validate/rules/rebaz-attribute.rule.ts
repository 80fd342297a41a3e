/**
 * Rebaz attributes that would be ignored without a word: a name rebaz.json does not define
 * (`rebaz:formKey`), one written on an element that does not read it (`rebaz:form` on a service
 * task), or any attribute in a namespace that looks like Rebaz's but is not (a typo in the URI,
 * which the reader takes for some other vendor's extension).
 */
import rebazPackage from '../../parse/rebaz.json' with { type: 'json' };
import { scanXml } from '../../parse/xml-scan';
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import type { Rule, RuleContext } from '../rule-context';

const REBAZ_URI = rebazPackage.uri;

/**
 * Each rebaz attribute with the BPMN types that read it. `calledElement` lives in `$attrs` (parse/create-moddle.ts).
 */
const KNOWN: ReadonlyMap<string, string[]> = new Map([
  ...groupByName(
    rebazPackage.types.flatMap((type) =>
      (type.properties ?? [])
        .filter((p) => 'isAttr' in p && p.isAttr)
        .map((p) => [p.name, (type as { extends?: string[] }).extends ?? []] as const),
    ),
  ),
  ['calledElement', ['bpmn:CallActivity']],
]);

export const rebazAttributeRule: Rule = {
  name: 'rebaz-attribute',
  check(ctx) {
    for (const el of elementsToCheck(ctx)) {
      for (const name of Object.keys(el.$attrs ?? {})) {
        if (!name.startsWith('rebaz:')) continue;
        const local = name.slice('rebaz:'.length);
        if (local === 'calledElement' && el.$type === 'bpmn:CallActivity') continue;
        ctx.report(
          'UNKNOWN_REBAZ_ATTRIBUTE',
          'warning',
          el,
          `${describeElement(el)} carries ${name}, which Rebaz ignores: ${advice(local)}`,
        );
      }
    }
    reportLookalikeNamespaces(ctx);
  },
};

function advice(local: string): string {
  const types = KNOWN.get(local);
  if (types) return `it is read on ${types.map(typeWords).join(', ')} only; move it there or delete it`;
  const meant = closestKnown(local);
  return meant
    ? `it is not a Rebaz attribute; did you mean rebaz:${meant}?`
    : 'it is not a Rebaz attribute; delete it or check its spelling';
}

/** `bpmn:UserTask` → `user tasks`. */
function typeWords(type: string): string {
  return `${type
    .replace(/^bpmn:/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()}s`;
}

/** The process, its flow elements with their event and loop definitions, and the messages and signals. */
function elementsToCheck(ctx: RuleContext): ModdleElement[] {
  const roots: ModdleElement[] = (ctx.parsed.definitions.rootElements ?? []).filter(
    (e: ModdleElement) => e.$type === 'bpmn:Message' || e.$type === 'bpmn:Signal',
  );
  const inner = ctx.flowElements.flatMap((el: ModdleElement) => [
    ...(el.eventDefinitions ?? []),
    ...(el.loopCharacteristics ? [el.loopCharacteristics] : []),
  ]);
  return [ctx.process, ...ctx.flowElements, ...inner, ...roots];
}

/** A known name a few edits away (`formKey` → `form`, `jobtype` → `jobType`), if one is close enough. */
function closestKnown(local: string): string | undefined {
  const aliases: Record<string, string> = {
    formKey: 'form',
    formId: 'form',
    topic: 'jobType',
    type: 'jobType',
    candidateGroup: 'candidateGroups',
    candidateUser: 'candidateUsers',
    correlation: 'correlationKey',
  };
  if (aliases[local]) return aliases[local];
  let best: { name: string; distance: number } | undefined;
  for (const name of KNOWN.keys()) {
    const distance = editDistance(local.toLowerCase(), name.toLowerCase());
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

/**
 * Attributes and elements whose prefix is bound to a URI that looks like Rebaz's (`rebaz` in it,
 * or a few characters from it): moddle reads them as a foreign vendor's and drops them silently.
 */
function reportLookalikeNamespaces(ctx: RuleContext): void {
  const lookalikes = new Map<string, string>();
  scanXml(ctx.parsed.xml, {
    openTag(tag) {
      for (const [name, value] of tag.attributes) {
        if (name.startsWith('xmlns:') && looksLikeRebaz(value)) lookalikes.set(name.slice('xmlns:'.length), value);
      }
    },
  });
  if (lookalikes.size === 0) return;
  const inProcess = new Set([ctx.process.id, ...ctx.flowElements.map((el: ModdleElement) => el.id)]);
  const ids: Array<string | undefined> = [];
  const reported = new Set<string>();
  scanXml(ctx.parsed.xml, {
    openTag(tag) {
      ids.length = tag.depth - 1;
      const id = tag.attributes.find(([name]) => name === 'id')?.[1];
      ids.push(id);
      const prefixes = [tag.name, ...tag.attributes.map(([name]) => name)]
        .map((name) => name.split(':')[0])
        .filter((p) => lookalikes.has(p));
      const owner = [...ids].reverse().find((candidate) => candidate !== undefined);
      if (prefixes.length === 0 || owner === undefined || !inProcess.has(owner) || reported.has(owner)) return;
      reported.add(owner);
      const el = ctx.parsed.elementsById[owner];
      ctx.report(
        'REBAZ_NAMESPACE_TYPO',
        'warning',
        el ?? { id: owner },
        `${el ? describeElement(el) : owner} uses the prefix ${prefixes[0]}:, ` +
          `bound to "${lookalikes.get(prefixes[0])}", ` +
          `which is not Rebaz's namespace, so its attributes are ignored: bind the prefix to ${REBAZ_URI}`,
      );
    },
  });
}

function looksLikeRebaz(uri: string): boolean {
  if (uri === REBAZ_URI) return false;
  return /rebaz/i.test(uri) || editDistance(uri.toLowerCase(), REBAZ_URI) <= 3;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 8) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function groupByName(entries: ReadonlyArray<readonly [string, string[]]>): Array<[string, string[]]> {
  const byName = new Map<string, string[]>();
  for (const [name, types] of entries) byName.set(name, [...(byName.get(name) ?? []), ...types]);
  return [...byName];
}
