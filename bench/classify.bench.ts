// Classification throughput: from deprivation codes (the fast path and the full API result with
// its explanation) and with derivation from a typical 5-member household, each beside a baseline
// loop over the same inputs in the same run, so that the ratio says what the rules cost.
import { generateHouseholds, type SyntheticHousehold } from "../src/demo/synthetic";
import {
  type ClassifyInput,
  categorize,
  classify,
  countDeprivations,
  deriveIndicators,
  evaluate,
  getStandard,
  type IndicatorCode,
  ND07_2021,
} from "../src/domain";
import { fmt, recordSection, throughput } from "./lib";

const MS = Number(process.env.BENCH_MS ?? 1500);
const TARGET_CODES = 1_000_000;
const TARGET_DERIVED = 200_000;

// Inputs: the classify requests of 4,096 synthetic households (ND07, rural), and 64 five-member households.
const households = generateHouseholds({ seed: 20250901, count: 4096, villageIds: ["bench"], year: 2025 });
const requests: ClassifyInput[] = households.map((h) => ({
  standard: "ND07_2021",
  area: "rural",
  monthlyIncomePerCapita: h.monthlyIncomePerCapita,
  deprivations: deriveIndicators(ND07_2021, h, "2025-09-01")
    .filter((i) => i.value)
    .map((i) => i.code),
}));
const fiveMembers: SyntheticHousehold[] = generateHouseholds({
  seed: 5,
  count: 20_000,
  villageIds: ["bench"],
  year: 2025,
})
  .filter((h) => h.members.length === 5)
  .slice(0, 64);

let sink = 0;
let i = 0;
const nextRequest = () => requests[i++ & 4095]!;
const nextHousehold = () => fiveMembers[i++ & 63]!;

const baselineCodes = throughput(() => {
  const r = nextRequest();
  sink += r.monthlyIncomePerCapita! + r.deprivations.length;
}, MS);
const fastCodes = throughput(() => {
  const r = nextRequest();
  const pack = getStandard(r.standard!)!;
  const n = countDeprivations(pack, r.deprivations);
  sink += n + (categorize(pack, r.area, "income", r.monthlyIncomePerCapita!, n).category === "poor" ? 1 : 0);
}, MS);
const fullCodes = throughput(() => {
  const r = classify(nextRequest());
  sink += r.ok ? r.value.explanation.length : 0;
}, MS);

const baselineHousehold = throughput(() => {
  const h = nextHousehold();
  for (const m of h.members) sink += m.birthYear;
  sink += h.facts.dwelling!.livingAreaM2!;
}, MS);
const derivedFast = throughput(() => {
  const h = nextHousehold();
  const indicators = deriveIndicators(ND07_2021, h, "2025-09-01");
  let n = 0;
  for (const ind of indicators) if (ind.value) n++;
  sink += categorize(ND07_2021, "rural", "income", h.monthlyIncomePerCapita, n).category === "poor" ? 1 : 0;
}, MS);
const derivedFull = throughput(() => {
  const h = nextHousehold();
  const e = evaluate({
    standard: "ND07_2021",
    area: "rural",
    monthlyIncomePerCapita: h.monthlyIncomePerCapita,
    household: h,
    reviewDate: "2025-09-01",
  });
  sink += e.result?.deprivationCount ?? 0;
}, MS);
if (sink === Number.MIN_SAFE_INTEGER) console.log(sink);

const row = (what: string, ops: number, baseline: number, target?: number) =>
  `| ${what} | ${fmt.int(ops)} | ${fmt.int(baseline)} | ${fmt.ratio(baseline / ops)} | ${target === undefined ? "—" : `≥ ${fmt.int(target)}: ${ops >= target ? "**met**" : "**not met**"}`} |`;

const sample: IndicatorCode[] = requests.find((r) => r.deprivations.length >= 3)!.deprivations as IndicatorCode[];
recordSection(
  "classify",
  `## Classification throughput (\`bench/classify.bench.ts\`)

One core, single thread, ${MS} ms per measurement after warm-up. Inputs: 4,096 synthetic ND07 households
(rural) for the code paths (e.g. \`${JSON.stringify(sample)}\`), and 64 synthetic 5-member households
for derivation. Each row's baseline is a loop over the same inputs that only sums a field
(income + code count; birth years + living area), measured in the same run; "cost" is how many
baseline iterations one classification is worth.

| Operation | Households/s | Baseline loop/s | Cost (× baseline) | Target |
|---|---:|---:|---:|---|
${row("From deprivation codes — fast path (`countDeprivations` + `categorize`, no explanation)", fastCodes, baselineCodes, TARGET_CODES)}
${row("From deprivation codes — full API result (`classify`, validation + sorted codes + Vietnamese explanation)", fullCodes, baselineCodes)}
${row("With derivation, 5 members (`deriveIndicators` + `categorize`)", derivedFast, baselineHousehold, TARGET_DERIVED)}
${row("With derivation, 5 members, full assessment result (`evaluate`: derivation + answers + explanation)", derivedFull, baselineHousehold)}`,
);
