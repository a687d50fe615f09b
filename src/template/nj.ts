/**
 * The parts of nunjucks this engine builds on (lexer, parser, AST nodes, compiler base class and
 * runtime helpers), loaded through require because they are not part of nunjucks' typed surface.
 * Only this file touches nunjucks' internals; everything else uses these loose types.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** An AST node (nunjucks' own node objects; fields vary by type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NjNode = any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NjClass = any;

export interface NjFrame {
  set(name: string, val: unknown, resolveUp?: boolean): void;
  lookup(name: string): unknown;
  push(isolate?: boolean): NjFrame;
  topLevel: boolean;
}

export const lexer: { lex(src: string, opts: Record<string, unknown>): unknown; [k: string]: unknown } = require('nunjucks/src/lexer');
export const parserModule: { Parser: NjClass } = require('nunjucks/src/parser');
export const nodes: Record<string, NjClass> = require('nunjucks/src/nodes');
export const compilerModule: { Compiler: NjClass } = require('nunjucks/src/compiler');
export const transformer: { transform(ast: NjNode, asyncFilters: string[], name?: string): NjNode } = require('nunjucks/src/transformer');
export const njRuntime: Record<string, unknown> & {
  Frame: new (parent?: NjFrame, isolate?: boolean) => NjFrame;
  SafeString: new (s: string) => { val: string; toString(): string };
} = require('nunjucks/src/runtime');
export const njLib: { TemplateError: NjClass } = require('nunjucks/src/lib');
