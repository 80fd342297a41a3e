/**
 * GET /open-data/…: the open data of graphql/schema/open-data.ts as files, with no sign-in.
 *   /open-data/                          index of the services and files (JSON)
 *   /open-data/<service>.json|.csv       monthly statistics (?from=2030-01&to=2030-07: whole months, UTC)
 *   /open-data/company-register.json|.csv the public company register
 * Every request takes one from the client address's open-data budget (rate-limit.ts). Refusals
 * are JSON: `{"error": "…", "code": "VALIDATION" | "NOT_FOUND" | "RATE_LIMITED", "field"?: "from"}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine, ServiceStatistics } from '../../engine';
import { toCsv } from './csv';
import { clientAddress, openDataLimiter, takeOpenData } from './rate-limit';

export type OpenDataHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

const REGISTER = 'company-register';
const STATS_HEADER = [
  'month',
  'started',
  'approved',
  'rejected',
  'lapsed',
  'decided',
  'median_days',
  'p90_days',
  'within_sla',
];
const REGISTER_HEADER = ['name', 'legal_form', 'legal_form_label', 'registration_number', 'registered_on'];
/** The register is paged: at most this far in. */
const MAX_OFFSET = 10_000_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  head: boolean,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    // Public data, meant to be fetched from anywhere.
    'access-control-allow-origin': '*',
    'cache-control': status === 200 ? 'public, max-age=60' : 'no-store',
    ...(type === 'text/csv' && status === 200 ? { 'content-disposition': 'inline' } : {}),
    ...headers,
  });
  res.end(head ? undefined : body);
}

/** `2030-01` (a month), or a date or ISO 8601 instant that the engine checks is a month start. */
function monthStart(value: string | null, name: 'from' | 'to'): Date | undefined {
  if (!value) return undefined;
  const text = /^\d{4}-\d{2}$/.test(value)
    ? `${value}-01T00:00:00Z`
    : /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? `${value}T00:00:00Z`
      : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()))
    throw new HttpError(400, 'VALIDATION', `${name} must be a month such as 2030-01, not "${value}"`, name);
  return date;
}

/** A whole number in [min, max], or the default when absent. */
function whole(value: string | null, name: string, fallback: number, min: number, max: number): number {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new HttpError(
      400,
      'VALIDATION',
      `${name} must be a whole number from ${min} to ${max}, not "${value.slice(0, 40)}"`,
      name,
    );
  return n;
}

function statisticsCsv(stats: ServiceStatistics): string {
  return toCsv(
    STATS_HEADER,
    stats.months.map((m) => [
      m.month,
      m.started,
      m.approved,
      m.rejected,
      m.lapsed,
      m.decided,
      m.medianDays,
      m.p90Days,
      m.withinSla,
    ]),
  );
}

export function createOpenDataHandler(engine: Engine): OpenDataHandler {
  // Made now, so a bad REBAZ_OPEN_DATA_RATE_LIMIT stops the server at start.
  openDataLimiter(engine);
  return async (req, res, pathname) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    try {
      const refusal = takeOpenData(engine, clientAddress(req));
      if (refusal)
        throw new HttpError(refusal.status, refusal.code, refusal.message, undefined, {
          'retry-after': String(refusal.retryAfterSeconds),
        });
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const file = pathname.replace(/^\/open-data\/?/, '');
      if (file === '' || file === 'index.json') {
        const services = await engine.openDataServices();
        return send(
          res,
          200,
          'application/json',
          JSON.stringify(
            {
              about:
                'Open data of Rebaz: per service and whole calendar month (months that have ended), ' +
                'applications started, approved, rejected and lapsed, ' +
                'processing times and the share within the service level. ' +
                'Every count is randomly rounded to a multiple of 5 (0 stands for 0 to 4). No personal data.',
              services: services.map((s) => ({
                ...s,
                json: `/open-data/${s.service}.json`,
                csv: `/open-data/${s.service}.csv`,
              })),
              companyRegister: { json: `/open-data/${REGISTER}.json`, csv: `/open-data/${REGISTER}.csv` },
            },
            null,
            2,
          ),
          head,
        );
      }
      const match = /^([A-Za-z0-9_.-]+?)\.(json|csv)$/.exec(file);
      if (!match) throw new HttpError(404, 'NOT_FOUND', 'No such open data file: see /open-data/ for the list');
      const [, name, format] = match as unknown as [string, string, 'json' | 'csv'];
      if (name === REGISTER) {
        const entries = await engine.companyRegister({
          first: whole(query.get('first'), 'first', 1000, 1, 1000),
          offset: whole(query.get('offset'), 'offset', 0, 0, MAX_OFFSET),
          ...(query.get('name') ? { nameContains: query.get('name') as string } : {}),
        });
        if (format === 'json')
          return send(res, 200, 'application/json', JSON.stringify({ companies: entries }, null, 2), head);
        return send(
          res,
          200,
          'text/csv',
          toCsv(
            REGISTER_HEADER,
            entries.map((e) => [
              e.name,
              e.legalForm,
              e.legalFormLabel,
              e.registrationNumber,
              e.registeredOn.toISOString().slice(0, 10),
            ]),
          ),
          head,
        );
      }
      const from = monthStart(query.get('from'), 'from');
      const to = monthStart(query.get('to'), 'to');
      const stats = await engine
        .publicStatistics({ service: name, ...(from ? { from } : {}), ...(to ? { to } : {}) })
        .catch((error: unknown) => {
          const { code, fields } = error as { code?: string; fields?: { path: string }[] };
          if (code === 'NOT_FOUND')
            throw new HttpError(404, code, `No service "${name}": see /open-data/ for the list`);
          if (code === 'VALIDATION') throw new HttpError(400, code, (error as Error).message, fields?.[0]?.path);
          throw error;
        });
      if (format === 'json') return send(res, 200, 'application/json', JSON.stringify(stats, null, 2), head);
      return send(res, 200, 'text/csv', statisticsCsv(stats), head);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      const body = { error: error.message, code: error.code, ...(error.field ? { field: error.field } : {}) };
      return send(res, error.status, 'application/json', JSON.stringify(body), head, error.headers);
    }
  };
}
