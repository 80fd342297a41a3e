/**
 * The public company register: every company registered through the `company-registration`
 * service (cases that ended at its `Approved` end event), with its name, legal form, registration
 * date and registration number — and nothing else: no founder, address or contact, which the
 * model marks personal. It is a register, not a statistic, so no cell is suppressed.
 */
import type { EngineContext } from '../commands/context';
import { ormSource } from '../commands/definition-cache';
import type { FormComponent } from '../forms';

/** Where the register comes from: the service, its end event, and the variables it publishes. */
export const COMPANY_REGISTER = {
  service: 'company-registration',
  outcome: 'Approved',
  fields: { name: 'companyName', legalForm: 'legalForm', registrationNumber: 'registrationNumber' },
} as const;

export interface CompanyRegisterEntry {
  name: string;
  /** The code the application used (`llc`, `jsc`, `partnership`, `sole`). */
  legalForm: string;
  /** Its label in the application form, e.g. "Limited liability company". */
  legalFormLabel: string | null;
  registrationNumber: string | null;
  registeredOn: Date;
}

export interface CompanyRegisterInput {
  /** Names containing this text (any case). */
  nameContains?: string;
  /** At most this many entries (1–1000, 100 when absent), oldest registration first (then by number). */
  first?: number;
  offset?: number;
}

export async function companyRegister(
  ctx: EngineContext,
  input: CompanyRegisterInput = {},
): Promise<CompanyRegisterEntry[]> {
  const em = ctx.db.readEm();
  const limit = Math.min(Math.max(Math.floor(input.first ?? 100), 1), 1000);
  const offset = Math.max(Math.floor(input.offset ?? 0), 0);
  const { fields } = COMPANY_REGISTER;
  const filter = input.nameContains ? ` and "variables"->>'${fields.name}' ilike ?` : '';
  const rows = await em
    .getConnection()
    .execute<{ name: string; legal_form: string; registration_number: string | null; registered_on: Date | string }[]>(
      `select "variables"->>'${fields.name}' as "name", "variables"->>'${fields.legalForm}' as "legal_form",
       "variables"->>'${fields.registrationNumber}' as "registration_number", "ended_at" as "registered_on"
     from "cases" where "definition_key" = ? and "outcome" = ? and "parent_case_id" is null${filter}
     order by "ended_at", "variables"->>'${fields.registrationNumber}', "id" limit ? offset ?`,
      [
        COMPANY_REGISTER.service,
        COMPANY_REGISTER.outcome,
        ...(input.nameContains ? [`%${input.nameContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`] : []),
        limit,
        offset,
      ],
    );
  const labels = await legalFormLabels(ctx);
  return rows.map((row) => ({
    name: row.name,
    legalForm: row.legal_form,
    legalFormLabel: labels.get(row.legal_form) ?? null,
    registrationNumber: row.registration_number,
    registeredOn: new Date(row.registered_on),
  }));
}

/** The labels of the legal form choices in the latest version's start form. */
async function legalFormLabels(ctx: EngineContext): Promise<Map<string, string>> {
  const definition = await ctx.definitions.find(ormSource(ctx.db.em), COMPANY_REGISTER.service);
  const labels = new Map<string, string>();
  const visit = (components: readonly FormComponent[]) => {
    for (const c of components) {
      if (c.key === COMPANY_REGISTER.fields.legalForm)
        for (const v of c.values ?? []) if (v.label) labels.set(String(v.value), v.label);
      if (c.components) visit(c.components);
    }
  };
  for (const form of Object.values(definition?.forms ?? {})) visit(form?.components ?? []);
  return labels;
}
