/**
 * Who sees which variables. A model marks personal variables (`rebaz:personal`); their values are
 * shown to the case's applicant, to clerks and to administrators, and hidden from everyone else
 * (analysts, auditors, workers). The names (rebaz:personal and form fields marked personal) come
 * from the definition version, read once per version and kept (versions never change).
 */
import { SYSTEM, type Actor, type Engine } from '../engine';
import { hasRole } from './auth/roles';

export interface CaseFacts {
  definitionId: string;
  definitionKey: string;
  definitionVersion: number;
  applicant: string | null;
}

export const REDACTED = '[personal]';

export interface Privacy {
  /** May this actor read the personal variables of this case? */
  mayReadPersonal(actor: Actor, kase: CaseFacts): boolean;
  /** The personal variable names of a definition version. */
  personalNames(kase: CaseFacts): Promise<ReadonlySet<string>>;
  /** The variables with personal ones left out, unless the actor may read them. */
  visibleVariables(actor: Actor, kase: CaseFacts, variables: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function createPrivacy(engine: Engine): Privacy {
  const names = new Map<string, Promise<ReadonlySet<string>>>();
  const mayReadPersonal = (actor: Actor, kase: CaseFacts) =>
    hasRole(actor, 'admin', 'clerk') || (hasRole(actor, 'applicant') && kase.applicant === actor.id);
  const personalNames = (kase: CaseFacts) => {
    let found = names.get(kase.definitionId);
    if (!found) {
      found = loadPersonalNames(engine, kase).catch((error: unknown) => {
        names.delete(kase.definitionId);
        throw error;
      });
      names.set(kase.definitionId, found);
    }
    return found;
  };
  return {
    mayReadPersonal,
    personalNames,
    async visibleVariables(actor, kase, variables) {
      if (mayReadPersonal(actor, kase)) return variables;
      const personal = await personalNames(kase);
      if (personal.size === 0) return variables;
      return Object.fromEntries(Object.entries(variables).filter(([name]) => !personal.has(name)));
    },
  };
}

async function loadPersonalNames(engine: Engine, kase: CaseFacts): Promise<ReadonlySet<string>> {
  return new Set((await engine.definition(kase.definitionKey, kase.definitionVersion, SYSTEM)).personal);
}
