/**
 * What load-time validation needs from a module's zod schema: the z.object inside it (under
 * preprocess/refine/transform wrappers, pipelines, lazies), whether it refuses unknown keys, and the
 * preprocess steps to run on raw arguments first (aliases such as file's `name` → `path`).
 */
import { z } from 'zod';

export interface SchemaShape {
  /** The object's keys and their schemas; undefined when the arguments are not a z.object. */
  shape?: Record<string, z.ZodTypeAny>;
  /** Unknown keys are refused (strict or strip objects); passthrough/catchall objects accept them. */
  closed: boolean;
  /** Preprocess functions from the outside in. */
  preprocess: Array<(v: unknown) => unknown>;
}

const shapes = new WeakMap<z.ZodTypeAny, SchemaShape>();

export function schemaShape(schema: z.ZodTypeAny): SchemaShape {
  const cached = shapes.get(schema);
  if (cached) return cached;
  const out: SchemaShape = { closed: false, preprocess: [] };
  let s: z.ZodTypeAny | undefined = schema;
  for (let depth = 0; s && depth < 50; depth++) {
    if (s instanceof z.ZodEffects) {
      const effect = s._def.effect;
      if (effect.type === 'preprocess') out.preprocess.push(runPreprocess(effect.transform));
      s = s._def.schema;
    } else if (s instanceof z.ZodPipeline) s = s._def.in;
    else if (s instanceof z.ZodLazy) s = s._def.getter();
    else if (s instanceof z.ZodBranded) s = s._def.type;
    else if (s instanceof z.ZodReadonly || s instanceof z.ZodCatch) s = s._def.innerType;
    else if (s instanceof z.ZodObject) {
      out.shape = s.shape as Record<string, z.ZodTypeAny>;
      const catchall = s._def.catchall as z.ZodTypeAny;
      out.closed = s._def.unknownKeys !== 'passthrough' && catchall instanceof z.ZodNever;
      break;
    } else break;
  }
  shapes.set(schema, out);
  return out;
}

/** A preprocess step run outside zod (its issues are left to the full parse at run time). */
function runPreprocess(fn: (arg: unknown, ctx: z.RefinementCtx) => unknown): (v: unknown) => unknown {
  return (v) => {
    const ctx = { addIssue() {}, path: [] } as unknown as z.RefinementCtx;
    try {
      const r = fn(v, ctx);
      return r instanceof Promise ? v : r;
    } catch {
      return v;
    }
  };
}

