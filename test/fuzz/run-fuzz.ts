// `npm run fuzz -- --inputs N --seed S --kinds a,b --out DIR` or `--replay FILE`; see README "Fuzzing".
import { parseArgs } from "node:util";
import { escapeMessage } from "./classify-error.js";
import { formatSummary } from "./format-summary.js";
import { DEFAULTS, fuzz, replay } from "./fuzz.js";

const { values } = parseArgs({
  options: {
    inputs: { type: "string" },
    "sync-inputs": { type: "string" },
    seed: { type: "string" },
    kinds: { type: "string" },
    out: { type: "string" },
    "deadline-ms": { type: "string" },
    "heap-mb": { type: "string" },
    replay: { type: "string" },
  },
});
const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
const inputs = num(values.inputs, DEFAULTS.inputs);
const options = {
  inputs,
  // The sync target runs the CLI twice per input: by default a fiftieth of the parsers' count.
  syncInputs: num(values["sync-inputs"], values.inputs === undefined ? DEFAULTS.syncInputs : Math.ceil(inputs / 50)),
  seed: num(values.seed, DEFAULTS.seed),
  kinds: values.kinds === undefined ? [] : values.kinds.split(",").filter((k) => k !== ""),
  out: values.out ?? DEFAULTS.out,
  deadlineMs: num(values["deadline-ms"], DEFAULTS.deadlineMs),
  heapMb: num(values["heap-mb"], DEFAULTS.heapMb),
};

if (values.replay !== undefined) {
  const r = await replay(values.replay, options);
  console.log(`${r.outcome}: ${escapeMessage(r.message)}`);
  process.exitCode = r.outcome === "accepted" || r.outcome === "refused" ? 0 : 1;
} else {
  const started = Date.now();
  const report = await fuzz({
    ...options,
    onKind: (s) => process.stderr.write(`${s.kind}: ${s.inputs} inputs, ${s.crashes + s.hangs + s.memory} failures\n`),
  });
  console.log(formatSummary(report));
  console.log(
    `\nseed ${options.seed}, ${((Date.now() - started) / 1000).toFixed(0)} s; failing inputs saved under ${options.out}`,
  );
  process.exitCode = report.failures.length > 0 ? 1 : 0;
}
