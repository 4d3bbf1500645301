// Fault injection (issue 8, DESIGN.md §6): the rules the control API adds, kept in this process's
// memory only (a restart, or another process behind the same database, has none), and the draw each
// request of a surface makes against them while any rule can still fire.
import type { Clock } from '../clock.ts';
import { FAULT_CATALOGUE, FAULT_PRESETS } from './fault-catalogue.ts';
import { checkGlob, checkLiteral, compileGlob, FaultError, type FaultAnswer, type FaultRule, type FaultRuleInput, type FaultSurface } from './fault-rules.ts';

/** A request as the rules see it. `appId` is only asked for when a rule limited to an app could fire. */
export interface FaultCall {
  surface: FaultSurface;
  /** Surface-relative, without the query. */
  path: string;
  method: string;
  appId: () => string | undefined | Promise<string | undefined>;
}

/** What the request gets: a delay (the sum of the fired rules' latencies), then the answer if one fired. */
export interface FaultOutcome {
  delayMs: number;
  answer: FaultAnswer | undefined;
}

/** The rule fields a preset takes from the caller; the preset sets the rest. */
export type PresetOptions = Pick<FaultRuleInput, 'appId' | 'probability' | 'count' | 'latencyMs'>;

interface LiveRule {
  rule: FaultRule;
  pattern: RegExp;
}

const remaining = (rule: FaultRule): number => (rule.count === undefined ? Infinity : rule.count - rule.fired);

/** @param deps.random a number in [0, 1): tests inject a scripted one so that probabilities are deterministic */
export function createFaultService(deps: { clock: Clock; random: () => number }) {
  const { clock, random } = deps;
  const rules: LiveRule[] = [];
  let nextId = 1;
  /** Whether any rule can still fire: the one check on every request of every surface. */
  let armed = false;
  const rearm = () => {
    armed = rules.some(({ rule }) => remaining(rule) > 0);
  };

  const check = (input: FaultRuleInput): void => {
    checkGlob(input.path);
    if (input.surface === 'cdn' && input.appId !== undefined) throw new FaultError('invalid_field', 'app_id does not apply to the cdn surface: CDN requests carry no access token', 'app_id');
    if (input.answer && 'catalogue' in input.answer && !FAULT_CATALOGUE[input.surface].includes(input.answer.catalogue)) {
      throw new FaultError('invalid_field', `error must be one of the ${input.surface} catalogue's ${FAULT_CATALOGUE[input.surface].join(', ')}, or {"status", "body", "headers"}`, 'error');
    }
    if (input.answer && 'literal' in input.answer) checkLiteral(input.answer.literal);
    if (!input.answer && input.latencyMs === 0) throw new FaultError('invalid_field', 'error is required unless latency_ms delays the real answer', 'error');
  };

  const keep = (input: FaultRuleInput): FaultRule => {
    const rule: FaultRule = { ...input, id: String(nextId++), fired: 0, createdAt: clock.now() };
    rules.push({ rule, pattern: compileGlob(input.path) });
    return rule;
  };

  const catches = ({ rule, pattern }: LiveRule, call: FaultCall): boolean =>
    remaining(rule) > 0 && rule.surface === call.surface && (rule.method === undefined || rule.method === call.method || (rule.method === 'GET' && call.method === 'HEAD')) && pattern.test(call.path);

  return {
    /** True while any rule can fire; false costs callers nothing more than this call. */
    armed: (): boolean => armed,

    /** Adds a rule; throws FaultError naming the field at fault. */
    add(input: FaultRuleInput): FaultRule {
      check(input);
      const rule = keep(input);
      rearm();
      return rule;
    },

    /** Adds a preset's rules, with the caller's app, probability, count and latency on each. */
    addPreset(name: string, options: PresetOptions): FaultRule[] {
      const preset = FAULT_PRESETS[name];
      if (!preset) throw new FaultError('invalid_field', `preset must be one of ${Object.keys(FAULT_PRESETS).join(', ')}`, 'preset');
      const inputs = preset.map((rule) => ({ ...rule, ...options, preset: name }));
      for (const input of inputs) check(input);
      const added = inputs.map(keep);
      rearm();
      return added;
    },

    list: (): FaultRule[] => rules.map(({ rule }) => rule),

    remove(id: string): void {
      const at = rules.findIndex(({ rule }) => rule.id === id);
      if (at === -1) throw new FaultError('fault_not_found', `No fault rule has the id ${JSON.stringify(id)}.`);
      rules.splice(at, 1);
      rearm();
    },

    clear(): number {
      const removed = rules.length;
      rules.length = 0;
      armed = false;
      return removed;
    },

    /**
     * Draws the rules for a request, in the order they were added: each that catches it fires with its
     * probability; a rule without an answer adds its latency and the draw goes on; the first with an
     * answer ends it.
     */
    async draw(call: FaultCall): Promise<FaultOutcome> {
      const candidates = rules.filter((live) => catches(live, call));
      const appId = candidates.some(({ rule }) => rule.appId !== undefined) ? await call.appId() : undefined;
      let delayMs = 0;
      for (const { rule } of candidates) {
        // Another request may have used up the rule while the app id was looked up.
        if (remaining(rule) <= 0 || (rule.appId !== undefined && rule.appId !== appId)) continue;
        if (rule.probability < 1 && !(rule.probability > 0 && random() < rule.probability)) continue;
        rule.fired++;
        delayMs += rule.latencyMs;
        if (rule.answer) {
          rearm();
          return { delayMs, answer: rule.answer };
        }
      }
      rearm();
      return { delayMs, answer: undefined };
    },
  };
}

export type FaultService = ReturnType<typeof createFaultService>;
