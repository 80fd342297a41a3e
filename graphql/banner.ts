/** What `npm start` prints for a person: where things are, and, in dev mode, how to sign in. */
import type { DemoSignIn } from './http';
import type { SeedReport } from './seed';

export interface BannerFacts {
  url: string;
  database: string;
  production: boolean;
  devMode: boolean;
  devSecretFile?: string;
  seeded?: SeedReport;
  signIns?: DemoSignIn[];
}

export function banner(facts: BannerFacts): string {
  const lines = [
    '',
    `Rebaz is running at ${facts.url}`,
    `  web app   ${facts.url}`,
    `  GraphQL   ${facts.url}graphql${facts.production ? '' : '  (GraphiQL in the browser)'}`,
    `  health    ${facts.url}healthz      metrics ${facts.url}metrics`,
    `  database  ${facts.database}`,
  ];
  if (facts.seeded) {
    lines.push(
      '',
      `Fresh database: ` +
        `deployed ${facts.seeded.deployed.map((d) => `${d.key} v${d.version}`).join(', ') || 'no examples'}.`,
    );
    if (facts.seeded.decisions.length > 0)
      lines.push(
        `  with the decision models ${facts.seeded.decisions.map((d) => `${d.key} v${d.version}`).join(', ')}.`,
      );
    for (const f of facts.seeded.failed) lines.push(`  not deployed: ${f.folder}/${f.file} (${f.reason})`);
  }
  if (facts.devMode) {
    lines.push(
      '',
      '!!! DEV MODE: neither REBAZ_JWT_SECRET nor REBAZ_JWKS_URL is set, so this server signs its own demo tokens',
      `!!! ` +
        `(secret ${facts.devSecretFile ? `in ${facts.devSecretFile}` : 'kept in memory: tokens end with this process'}). ` +
        `Do not expose it to a network.`,
      '',
      `Sign in as one of these (send "Authorization: Bearer <token>"; ` +
        `the web app's sign-in page uses ${facts.url}auth/demo):`,
    );
    for (const s of facts.signIns ?? []) {
      lines.push(
        `  ${s.id.padEnd(18)} ${s.name} — ${s.roles.join(', ')}${s.groups.length ? ` [${s.groups.join(', ')}]` : ''}`,
        `    ${s.token}`,
      );
    }
  }
  lines.push('');
  return lines.join('\n');
}
