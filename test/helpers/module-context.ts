/**
 * The one ModuleContext of the tests: over a real connection (LocalConnection in module integration
 * tests), so modules run their real probe and apply code against a real shell and filesystem, or
 * (fakeContext) over a scripted connection that answers with captured output, for unit tests.
 */
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Connection } from '../../src/transport/types.js';
import type { ModuleContext } from '../../src/modules/types.js';
import { ModuleFailure } from '../../src/util/errors.js';
import { scriptedConnection, type Answers, type ScriptedConnection } from './scripted-connection.js';

export interface TestContextOptions {
  check?: boolean;
  diff?: boolean;
  vars?: Record<string, unknown>;
  /** Directory that holds files/ and templates/ for src lookups. */
  baseDir?: string;
  render?: (text: string, vars: Record<string, unknown>) => string | Promise<string>;
  /** The task's abort signal (Ctrl-C); default: one never aborted. */
  signal?: AbortSignal;
}

export function moduleContext(conn: Connection, opts: TestContextOptions = {}): ModuleContext & { warnings: string[] } {
  const warnings: string[] = [];
  const signal = opts.signal ?? new AbortController().signal;
  const vars = opts.vars ?? {};
  return {
    host: conn.host,
    check: opts.check ?? false,
    diff: opts.diff ?? true,
    become: null,
    conn,
    vars,
    warnings,
    exec: (cmd, o) => conn.exec(cmd, { signal, ...o }),
    put: (dest, content, o) => conn.put(dest, content, o),
    get: (p, o) => conn.get(p, o),
    async render(text, extra, textOpts) {
      const all = { ...vars, ...extra };
      if (opts.render) return opts.render(text, all);
      const { renderTemplateText } = await import('../../src/template/index.js');
      return renderTemplateText(text, all, textOpts);
    },
    async findFile(kind, p) {
      if (path.isAbsolute(p)) return p;
      const base = opts.baseDir ?? process.cwd();
      for (const candidate of [path.join(base, kind, p), path.join(base, p)]) {
        try {
          await fs.access(candidate);
          return candidate;
        } catch {
          /* next */
        }
      }
      throw new ModuleFailure(`could not find ${p} in ${kind}/`);
    },
    warn(m) {
      warnings.push(m);
    },
    signal,
  };
}

/** A ModuleContext whose host answers from `answers` (scripted-connection.ts), with what it was asked to run and write. */
export function fakeContext(
  answers: Answers,
  opts: TestContextOptions = {},
): ModuleContext & { warnings: string[] } & Pick<ScriptedConnection, 'commands' | 'execOptions' | 'puts'> {
  const conn = scriptedConnection(answers);
  return { ...moduleContext(conn, opts), commands: conn.commands, execOptions: conn.execOptions, puts: conn.puts };
}
