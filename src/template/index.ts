/**
 * Jinja2-compatible templating for playbooks (Ansible semantics) on top of nunjucks' parser.
 * See render.ts (values, files), condition.ts (when:), scope.ts (lazy variables).
 */
export { OMIT } from './omit.js';
export { TemplateError, Undefined, isUndefinedError } from './errors.js';
export { isTemplated, jinja2Native, renderValue, renderTemplateText } from './render.js';
export { checkCondition, evaluateCondition } from './condition.js';
export { checkTemplate, type TemplateProblem } from './check.js';
export { markUnsafe } from './scope.js';
export { NativeJinjaText, TypedText } from './pyvalues.js';
export { filterNames, testNames } from './registry.js';
export { combine as combineDicts } from './filters/data.js';
export { isLookup, lookupNames } from './lookups/index.js';
export { loopLookup } from './loop-lookup.js';
export { pyDatetime } from './now.js';
export type { TextOptions } from './environment.js';
export type { Delimiters } from './parser.js';
