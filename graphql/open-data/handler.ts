/**
 * GET /open-data/…: the open data of graphql/schema/open-data.ts as files, with no sign-in.
 *   /open-data/                          index of the services and files (JSON)
 *   /open-data/<service>.json|.csv       monthly statistics (?from=2030-01&to=2030-07, UTC)
 *   /open-data/company-register.json|.csv the public company register
 * In CSV a suppressed count reads "<5"; a time or share that is not published is an empty cell.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine, ServiceStatistics } from '../../engine';
import { toCsv } from './csv';

export type OpenDataHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;

const REGISTER = 'company-register';
const STATS_HEADER = ['month', 'started', 'approved', 'rejected', 'lapsed', 'median_days', 'p90_days', 'within_sla'];
const REGISTER_HEADER = ['name', 'legal_form', 'legal_form_label', 'registration_number', 'registered_on'];

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    // Public data, meant to be fetched from anywhere.
    'access-control-allow-origin': '*',
    'cache-control': status === 200 ? 'public, max-age=60' : 'no-store',
    ...(type === 'text/csv' && status === 200 ? { 'content-disposition': 'inline' } : {}),
  });
  res.end(head ? undefined : body);
}

/** `2030-01`, `2030-01-15` or a full ISO 8601 instant; months and days are UTC. */
function instant(value: string | null, name: string): Date | undefined {
  if (!value) return undefined;
  const text = /^\d{4}-\d{2}$/.test(value) ? `${value}-01T00:00:00Z` : /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new HttpError(400, `${name} must be YYYY-MM, YYYY-MM-DD or an ISO 8601 instant, not "${value}"`);
  return date;
}

const count = (n: number | null) => (n === null ? '<5' : n);

function statisticsCsv(stats: ServiceStatistics): string {
  return toCsv(STATS_HEADER, stats.months.map((m) => [m.month, count(m.started), count(m.approved), count(m.rejected), count(m.lapsed), m.medianDays, m.p90Days, m.withinSla]));
}

export function createOpenDataHandler(engine: Engine): OpenDataHandler {
  return async (req, res, pathname) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const file = pathname.replace(/^\/open-data\/?/, '');
    try {
      if (file === '' || file === 'index.json') {
        const services = await engine.openDataServices();
        return send(res, 200, 'application/json', JSON.stringify({
          about: 'Open data of Rebaz: per service and month, applications started, approved, rejected and lapsed, processing times and the share within the service level. Counts of 1 to 4 are suppressed (null, "<5" in CSV). No personal data.',
          services: services.map((s) => ({ ...s, json: `/open-data/${s.service}.json`, csv: `/open-data/${s.service}.csv` })),
          companyRegister: { json: `/open-data/${REGISTER}.json`, csv: `/open-data/${REGISTER}.csv` },
        }, null, 2), head);
      }
      const match = /^([A-Za-z0-9_.-]+?)\.(json|csv)$/.exec(file);
      if (!match) throw new HttpError(404, 'No such open data file: see /open-data/ for the list');
      const [, name, format] = match as unknown as [string, string, 'json' | 'csv'];
      if (name === REGISTER) {
        const entries = await engine.companyRegister({
          first: Math.min(Number(query.get('first') ?? 1000) || 1000, 1000), offset: Number(query.get('offset') ?? 0) || 0,
          ...(query.get('name') ? { nameContains: query.get('name') as string } : {}),
        });
        if (format === 'json') return send(res, 200, 'application/json', JSON.stringify({ companies: entries }, null, 2), head);
        return send(res, 200, 'text/csv', toCsv(REGISTER_HEADER, entries.map((e) => [e.name, e.legalForm, e.legalFormLabel, e.registrationNumber, e.registeredOn.toISOString().slice(0, 10)])), head);
      }
      const from = instant(query.get('from'), 'from');
      const to = instant(query.get('to'), 'to');
      const stats = await engine.publicStatistics({ service: name, ...(from ? { from } : {}), ...(to ? { to } : {}) }).catch((error: unknown) => {
        const code = (error as { code?: string }).code;
        if (code === 'NOT_FOUND') throw new HttpError(404, `No service "${name}": see /open-data/ for the list`);
        if (code === 'VALIDATION') throw new HttpError(400, (error as Error).message);
        throw error;
      });
      if (format === 'json') return send(res, 200, 'application/json', JSON.stringify(stats, null, 2), head);
      return send(res, 200, 'text/csv', statisticsCsv(stats), head);
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, 'application/json', JSON.stringify({ error: error.message }), head);
      throw error;
    }
  };
}
