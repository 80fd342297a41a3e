/**
 * Decision-table evaluation per second: a 100-rule, 5-input FIRST table evaluated in-process through
 * `evaluateDecisions`, beside a hand-written JavaScript function doing the same lookups, in the same
 * run. Part of `npm run bench:compile`; alone: `node --import tsx test/bench/decisions.bench.ts`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { evaluateDecisions, parseDecisionModel, type DecisionModel } from '../../definitions/decisions';

const RULES = 100;
const CATEGORIES = ['A', 'B', 'C', 'D'];
const REGIONS = ['Erbil', 'Duhok', 'Sulaymaniyah', 'Halabja', 'Kirkuk'];

interface RuleSpec {
  ageFrom: number;
  ageTo: number;
  category: string;
  regions: string[];
  minIncome: number;
  prior: boolean | null;
  fee: number;
}
interface Applicant {
  Age: number;
  Category: string;
  Region: string;
  Income: number;
  Prior: boolean;
}

function ruleSpecs(): RuleSpec[] {
  return Array.from({ length: RULES }, (_, i) => ({
    ageFrom: (i % 10) * 8,
    ageTo: (i % 10) * 8 + 8,
    category: CATEGORIES[i % 4],
    regions: [REGIONS[i % 5], REGIONS[(i + 2) % 5]],
    minIncome: (i % 7) * 100,
    prior: i % 3 === 0 ? null : i % 3 === 1,
    fee: i + 1,
  }));
}

function tableXml(rules: RuleSpec[]): string {
  const entries = (r: RuleSpec) => [
    `[${r.ageFrom}..${r.ageTo})`,
    `"${r.category}"`,
    r.regions.map((x) => `"${x}"`).join(','),
    `&gt;= ${r.minIncome}`,
    r.prior === null ? '-' : String(r.prior),
  ];
  const inputs = [
    ['Age', 'number'],
    ['Category', 'string'],
    ['Region', 'string'],
    ['Income', 'number'],
    ['Prior', 'boolean'],
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="bench" name="bench"
  namespace="https://rebaz.dev/bench/fees">
  ${inputs
    .map(
      ([name, type]) => `<inputData id="i_${name}" name="${name}"><variable name="${name}" typeRef="${type}"/>
  </inputData>`,
    )
    .join('\n  ')}
  <decision id="d_fee" name="Fee"><variable name="Fee" typeRef="number"/>
    ${inputs
      .map(
        ([name]) => `<informationRequirement><requiredInput href="#i_${name}"/>
    </informationRequirement>`,
      )
      .join('')}
    <decisionTable hitPolicy="FIRST">
      ${inputs
        .map(
          ([name, type]) => `<input><inputExpression typeRef="${type}"><text>${name}</text></inputExpression>
      </input>`,
        )
        .join('')}
      <output name="Fee" typeRef="number"/>
      ${rules
        .map(
          (r, i) =>
            `<rule id="r${i + 1}">${entries(r)
              .map((t) => `<inputEntry><text>${t}</text></inputEntry>`)
              .join('')}<outputEntry><text>${r.fee}</text></outputEntry></rule>`,
        )
        .join('\n      ')}
    </decisionTable>
  </decision>
</definitions>`;
}

/** What a developer would write by hand: the same rules as data, the first that matches wins. */
function handWritten(rules: RuleSpec[]): (a: Applicant) => number | null {
  return (a) => {
    for (const r of rules) {
      if (
        a.Age >= r.ageFrom &&
        a.Age < r.ageTo &&
        a.Category === r.category &&
        r.regions.includes(a.Region) &&
        a.Income >= r.minIncome &&
        (r.prior === null || a.Prior === r.prior)
      )
        return r.fee;
    }
    return null;
  };
}

function applicants(count: number): Applicant[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: count }, () => ({
    Age: Math.floor(next() * 80),
    Category: CATEGORIES[Math.floor(next() * 4)],
    Region: REGIONS[Math.floor(next() * 5)],
    Income: Math.floor(next() * 1000),
    Prior: next() < 0.5,
  }));
}

function perSecond(run: (i: number) => unknown, minMs = 1_000): number {
  for (let i = 0; i < 200; i++) run(i);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    for (let i = 0; i < 100; i++) run(count++);
  }
  return count / ((performance.now() - start) / 1000);
}

export interface DecisionBenchResult {
  dmnPerSecond: number;
  handWrittenPerSecond: number;
  agree: boolean;
}

export async function runDecisionBench(): Promise<DecisionBenchResult> {
  const rules = ruleSpecs();
  const model: DecisionModel = await parseDecisionModel(tableXml(rules));
  const byHand = handWritten(rules);
  const inputs = applicants(1_000);
  const agree = inputs.every((a) => evaluateDecisions(model, { ...a }).results.Fee === byHand(a));
  const dmnPerSecond = perSecond((i) => evaluateDecisions(model, { ...inputs[i % inputs.length] }));
  const handWrittenPerSecond = perSecond((i) => byHand(inputs[i % inputs.length]));
  return { dmnPerSecond, handWrittenPerSecond, agree };
}

export async function decisionBenchReport(): Promise<string> {
  const r = await runDecisionBench();
  const round = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `Decision table, ${RULES} rules × 5 inputs (FIRST), evaluated in-process:`,
    `  rebaz evaluateDecisions  ${round(r.dmnPerSecond).padStart(12)} evaluations/s`,
    `  hand-written JavaScript  ${round(r.handWrittenPerSecond).padStart(12)} ` +
      `evaluations/s (${(r.handWrittenPerSecond / r.dmnPerSecond).toFixed(0)}× faster)`,
    `  same answers for 1,000 applicants: ${r.agree ? 'yes' : 'NO'}`,
  ].join('\n');
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url)
  process.stdout.write(`${await decisionBenchReport()}\n`);
