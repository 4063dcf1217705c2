/**
 * Reads the report of `maskmedpaint models check MODEL --provider P --json` and turns it into what
 * "Check Model on GPU Provider" shows: a log line per graph output and one notification. The
 * report comes from a child process, so it is validated field by field like any untrusted input;
 * pure (no vscode import) so the rules are unit-tested.
 */

import { isOneOf } from '../../shared/oneOf';
import { GPU_PROVIDERS, type GpuProvider } from '../../shared/recipeChoices';

/** A provider the check compares against the CPU (the CLI refuses `cpu` itself). */
export type CheckProvider = GpuProvider;

/** Every provider the command offers, in the order the pick lists them. */
export const CHECK_PROVIDERS: readonly CheckProvider[] = GPU_PROVIDERS;

/** One output of one graph: the largest difference against the largest CPU value. */
export interface CheckedOutput {
  name: string;
  /** Infinity when the two providers returned different element counts (JSON writes null). */
  maxAbsDiff: number;
  maxAbs: number;
}

/** One graph of the model as the CLI compared it. */
export interface CheckedGraph {
  graph: string;
  tolerance: number;
  agrees: boolean;
  /** The provider the second session really ran on: 'cpu' when the requested one failed. */
  ranOn: string;
  fallbacks: { provider: string; error: string }[];
  float16: boolean;
  outputs: CheckedOutput[];
}

/** The whole report. */
export interface CheckReport {
  model: string;
  provider: CheckProvider;
  ok: boolean;
  graphs: CheckedGraph[];
}

/** What the notification says, by case. */
export type CheckOutcome =
  | { kind: 'agrees'; provider: CheckProvider; message: string }
  | { kind: 'differs'; provider: CheckProvider; graphs: string[]; message: string }
  | { kind: 'unavailable'; provider: CheckProvider; reason: string; message: string };

/** True when `value` names a provider the check accepts. */
export function isCheckProvider(value: unknown): value is CheckProvider {
  return isOneOf(CHECK_PROVIDERS, value);
}

type Json = Record<string, unknown>;

function record(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`${where} is not an object`);
  return value as Json;
}

function field<T>(
  object: Json,
  key: string,
  where: string,
  check: (v: unknown) => v is T,
  kind: string,
): T {
  const value = object[key];
  if (!check(value)) throw new Error(`${where}.${key} is not ${kind}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
/** JSON.stringify writes Infinity (outputs of different lengths) as null. */
const isDiff = (v: unknown): v is number | null => v === null || isNumber(v);

function parseOutput(value: unknown, where: string): CheckedOutput {
  const o = record(value, where);
  const diff = field(o, 'maxAbsDiff', where, isDiff, 'a number');
  return {
    name: field(o, 'name', where, isString, 'a string'),
    maxAbsDiff: diff ?? Infinity,
    maxAbs: field(o, 'maxAbs', where, isNumber, 'a number'),
  };
}

function parseGraph(value: unknown, where: string): CheckedGraph {
  const g = record(value, where);
  const fallbacks = field(g, 'fallbacks', where, isArray, 'a list').map((f, i) => {
    const at = `${where}.fallbacks[${i}]`;
    const fallback = record(f, at);
    return {
      provider: field(fallback, 'provider', at, isString, 'a string'),
      error: field(fallback, 'error', at, isString, 'a string'),
    };
  });
  return {
    graph: field(g, 'graph', where, isString, 'a string'),
    tolerance: field(g, 'tolerance', where, isNumber, 'a number'),
    agrees: field(g, 'agrees', where, isBoolean, 'true or false'),
    ranOn: field(g, 'ranOn', where, isString, 'a string'),
    fallbacks,
    float16: field(g, 'float16', where, isBoolean, 'true or false'),
    outputs: field(g, 'outputs', where, isArray, 'a list').map((o, i) =>
      parseOutput(o, `${where}.outputs[${i}]`),
    ),
  };
}

/**
 * Parses the CLI's stdout. Throws an Error saying what is wrong (not JSON, a missing or mistyped
 * field) so junk from the child never reaches the user as a verdict.
 */
export function parseCheckReport(stdout: string): CheckReport {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    const start = stdout.trim().slice(0, 80);
    throw new Error(`the model check printed no JSON report (${start ? `"${start}"` : 'nothing'})`);
  }
  const top = record(value, 'the report');
  const provider = top.provider;
  if (!isCheckProvider(provider))
    throw new Error(`the report names an unknown provider ${JSON.stringify(provider)}`);
  const graphs = field(top, 'graphs', 'report', isArray, 'a list');
  if (graphs.length === 0) throw new Error('the report lists no graphs');
  return {
    model: field(top, 'model', 'report', isString, 'a string'),
    provider,
    ok: field(top, 'ok', 'report', isBoolean, 'true or false'),
    graphs: graphs.map((g, i) => parseGraph(g, `report.graphs[${i}]`)),
  };
}

/**
 * The readable part of onnxruntime's reason: without the source location in front and, for its
 * `ORT_ENFORCE` failures ("CONDITION was false. MESSAGE"), only the message; at most 300 chars.
 */
export function conciseReason(error: string): string {
  let reason = error.trim().replace(/^\S+\.(?:cc|cpp|h):\d+\s+/, '');
  const enforced = /\bwas false\.\s+([\s\S]+)$/.exec(reason);
  if (enforced) reason = enforced[1].trim();
  reason = reason.replace(/\s+/g, ' ');
  return reason.length > 300 ? `${reason.slice(0, 299)}…` : reason || 'no reason given';
}

function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return 'different sizes';
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential(1) : x.toPrecision(3);
}

/** The graph whose second session did not run on the requested provider, if any. */
function unavailableGraph(report: CheckReport): CheckedGraph | undefined {
  return report.graphs.find((g) => g.ranOn !== report.provider);
}

/** Log lines: one per graph output, or why the provider could not be compared. */
export function reportLogLines(report: CheckReport): string[] {
  const missing = unavailableGraph(report);
  if (missing) {
    const reason = missing.fallbacks.find((f) => f.provider === report.provider)?.error;
    return [
      `models check: ${missing.graph}: ${report.provider} could not load it (ran on ${missing.ranOn}): ` +
        `${reason?.trim() ?? 'no reason given'}`,
    ];
  }
  return report.graphs.flatMap((g) =>
    g.outputs.map((o) => {
      const relative = o.maxAbsDiff / Math.max(o.maxAbs, 1e-6);
      return (
        `models check: ${g.graph} ${o.name}: max |diff| ${formatNumber(o.maxAbsDiff)} of max |value| ` +
        `${formatNumber(o.maxAbs)} (relative ${formatNumber(relative)}, tolerance ${g.tolerance}` +
        `${g.float16 ? ', float16' : ''}) ${g.agrees ? 'agrees' : 'DIFFERS'}`
      );
    }),
  );
}

/** The verdict the notification gives. */
export function checkOutcome(report: CheckReport): CheckOutcome {
  const { provider } = report;
  const missing = unavailableGraph(report);
  if (missing) {
    const error = missing.fallbacks.find((f) => f.provider === provider)?.error ?? '';
    const reason = conciseReason(error);
    return {
      kind: 'unavailable',
      provider,
      reason,
      message: `${provider} is not available on this machine: ${reason}`,
    };
  }
  const differing = report.graphs.filter((g) => !g.agrees).map((g) => g.graph);
  if (differing.length > 0 || !report.ok) {
    const graphs = differing.length > 0 ? differing : ['this model'];
    // WebGPU computes in one of two layouts and its known wrong kernels are in one of them
    // (core/backend/webgpuLayout.ts): the other layout is worth a check before the CPU.
    const advice =
      provider === 'webgpu'
        ? "use the CPU for this model, or WebGPU's other layout (the maskmedpaint.webgpuLayout setting) and check again"
        : 'use the CPU for this model';
    return {
      kind: 'differs',
      provider,
      graphs,
      message: `${provider} computes ${graphs.join(', ')} differently from the CPU: ${advice}.`,
    };
  }
  return {
    kind: 'agrees',
    provider,
    message: `${provider} computes every graph of this model like the CPU (${report.graphs.length} checked).`,
  };
}
