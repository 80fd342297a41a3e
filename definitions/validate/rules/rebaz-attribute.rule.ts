/**
 * Rebaz attributes that would be ignored without a word: a name rebaz.json does not define
 * (`rebaz:formKey`), one written on an element that does not read it (`rebaz:form` on a service
 * task), or any attribute in a namespace that looks like Rebaz's but is not (a typo in the URI,
 * which the reader takes for some other vendor's extension). The same for the namespaces of the
 * engines whose extensions Rebaz reads (`xmlns:camunda="http://camunda.org/bpmn"`), and one warning
 * for the namespace of an engine it does not read (jBPM's `drools:`).
 */
import rebazPackage from '../../parse/rebaz.json' with { type: 'json' };
import type { ModdleElement } from '../../model/extensions';
import { describeElement } from '../issue';
import {
  editDistance,
  namespaceBindings,
  prefixUses,
  READ_ENGINES,
  unreadEnginePrefixes,
  type PrefixUse,
} from '../namespaces';
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
    reportUnreadNamespaces(ctx);
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

/** What a namespace binding means, when its attributes would be dropped without a word. */
type Unread =
  | { code: 'REBAZ_NAMESPACE_TYPO' | 'ENGINE_NAMESPACE_TYPO'; uri: string; meant: string; whose: string }
  | { code: 'OTHER_ENGINE_NAMESPACE'; uri: string; engine: string };

/**
 * Attributes and elements whose prefix is bound to a URI that looks like Rebaz's or another engine's
 * (a few characters from it, or `camunda:` bound to some other camunda.org URI): moddle reads them as
 * a foreign vendor's and drops them silently, and later messages say that what they set is missing.
 * One warning per element. The namespace of an engine Rebaz does not read (jBPM's `drools:`) gets one
 * warning for the file, naming the attributes it ignores, instead of a "check its spelling" per attribute.
 */
function reportUnreadNamespaces(ctx: RuleContext): void {
  const unread = new Map<string, Unread>();
  for (const [prefix, uri] of namespaceBindings(ctx.parsed.xml)) {
    const meaning = classify(prefix, uri);
    if (meaning) unread.set(prefix, meaning);
  }
  if (unread.size === 0) return;
  const inProcess = new Set([ctx.process.id, ...ctx.flowElements.map((el: ModdleElement) => el.id)]);
  const uses = prefixUses(ctx.parsed.xml, new Set(unread.keys())).filter(
    (use) => use.owner !== undefined && inProcess.has(use.owner),
  );
  const reported = new Set<string>();
  const otherEngine: PrefixUse[] = [];
  for (const use of uses) {
    const meaning = unread.get(use.prefix)!;
    if (meaning.code === 'OTHER_ENGINE_NAMESPACE') {
      otherEngine.push(use);
      continue;
    }
    if (reported.has(use.owner!)) continue;
    reported.add(use.owner!);
    const el = ctx.parsed.elementsById[use.owner!];
    ctx.report(
      meaning.code,
      'warning',
      el ?? { id: use.owner },
      `${el ? describeElement(el) : use.owner} uses the prefix ${use.prefix}:, bound to "${meaning.uri}", ` +
        `which is not ${meaning.whose} namespace, so its attributes are ignored` +
        `${use.element ? '' : ` (${use.name} among them)`}: bind the prefix to ${meaning.meant}`,
    );
  }
  if (otherEngine.length > 0) reportOtherEngine(ctx, otherEngine, unread);
}

function reportOtherEngine(ctx: RuleContext, uses: PrefixUse[], unread: Map<string, Unread>): void {
  const first = uses[0];
  const meaning = unread.get(first.prefix) as Extract<Unread, { code: 'OTHER_ENGINE_NAMESPACE' }>;
  const names = [...new Set(uses.map((use) => use.name))];
  const owners = new Set(uses.map((use) => use.owner));
  const el = ctx.parsed.elementsById[first.owner!];
  const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
  ctx.report(
    'OTHER_ENGINE_NAMESPACE',
    'warning',
    el ?? { id: first.owner },
    `${meaning.engine}'s namespace ${meaning.uri} (prefix ${first.prefix}:) is used on ` +
      `${el ? describeElement(el) : first.owner}${owners.size > 1 ? ` and ${owners.size - 1} other elements` : ''} ` +
      `(${shown}); Rebaz does not read ${meaning.engine}'s extensions, so they are all ignored. ` +
      'Where the model depends on one, say it in BPMN or with an extension Rebaz reads (rebaz:, zeebe:, camunda:)',
  );
}

function classify(prefix: string, uri: string): Unread | undefined {
  if (uri === REBAZ_URI || READ_ENGINES.some((e) => e.uri === uri)) return undefined;
  if (looksLikeRebaz(uri)) return { code: 'REBAZ_NAMESPACE_TYPO', uri, meant: REBAZ_URI, whose: "Rebaz's" };
  const engine = unreadEnginePrefixes(new Map([[prefix, uri]])).get(prefix);
  if (engine) return { code: 'OTHER_ENGINE_NAMESPACE', uri, engine };
  const meant = meantEngine(prefix, uri);
  if (meant) return { code: 'ENGINE_NAMESPACE_TYPO', uri, meant: meant.uri, whose: `${meant.engine}'s` };
  return undefined;
}

function looksLikeRebaz(uri: string): boolean {
  return /rebaz/i.test(uri) || editDistance(uri.toLowerCase(), REBAZ_URI) <= 3;
}

/**
 * The engine a URI was meant for: one a few characters from its URI (`https://…`, a dropped
 * segment), or a prefix an engine's modeler writes (`camunda:`) bound to another URI naming that
 * engine (`http://camunda.org/bpmn`). Other URIs of those vendors (Camunda Modeler's
 * `…/schema/modeler/1.0`, Flowable's `…/design`) are bound to other prefixes, and left alone.
 */
function meantEngine(prefix: string, uri: string): (typeof READ_ENGINES)[number] | undefined {
  const lower = uri.toLowerCase().replace(/\/+$/, '');
  const close = READ_ENGINES.find((e) => editDistance(lower, e.uri) <= 3);
  if (close) return close;
  const byPrefix = READ_ENGINES.find((e) => e.prefix === prefix.toLowerCase());
  if (!byPrefix || !/camunda|zeebe|flowable|activiti|operaton/.test(lower)) return undefined;
  return READ_ENGINES.find((e) => e.prefix !== 'camunda' && lower.includes(e.prefix)) ?? byPrefix;
}

function groupByName(entries: ReadonlyArray<readonly [string, string[]]>): Array<[string, string[]]> {
  const byName = new Map<string, string[]>();
  for (const [name, types] of entries) byName.set(name, [...(byName.get(name) ?? []), ...types]);
  return [...byName];
}
