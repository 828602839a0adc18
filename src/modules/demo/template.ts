/** Expands `[a|b|c]` alternations and `{slot}` placeholders in phrase templates. */
import type { Rng } from './prng.js';
import type { FillContext } from './types.js';
import { SLOTS } from './vocab.js';

const ALTERNATION = /\[([^[\]]*)\]/g;
const PLACEHOLDER = /\{([a-zA-Z][a-zA-Z0-9]*)\}/g;

export function slotValue(key: string, rng: Rng, ctx: FillContext): string {
  const cached = ctx.cache.get(key);
  if (cached !== undefined) return cached;
  const slot = SLOTS[key];
  if (slot === undefined) throw new Error(`Unknown template slot {${key}}`);
  const value = slot(rng, ctx, (other) => slotValue(other, rng, ctx));
  ctx.cache.set(key, value);
  return value;
}

export function fillTemplate(template: string, rng: Rng, ctx: FillContext): string {
  const chosen = template.replace(ALTERNATION, (_match, options: string) => rng.pick(options.split('|')));
  return chosen
    .replace(PLACEHOLDER, (_match, key: string) => slotValue(key, rng, ctx))
    .replace(/ {2,}/g, ' ')
    .replace(/ ([,.?!])/g, '$1')
    .trim();
}
