/**
 * A Connection to no host, for unit tests: each command's result comes from the test (output captured
 * on a real host, or a failure to handle), and every command, its options and every file written are
 * recorded for the test to look at. `moduleContext` (module-context.ts) puts a module on top of it.
 */
import type { Connection, ExecOptions, ExecResult, PutOptions } from '../../src/transport/types.js';

/** A host's answer to one command: its stdout (rc 0), or the parts of the result that matter. */
export type Answer = string | Partial<ExecResult>;

/** How the host answers: a function of the command, or a list used up in order. */
export type Answers = ((command: string, opts?: ExecOptions) => Answer) | Answer[];

export interface ScriptedConnection extends Connection {
  /** Every command run, in order. */
  commands: string[];
  /** The options of each command, in the same order. */
  execOptions: Array<ExecOptions | undefined>;
  /** Every file written, its content as text. */
  puts: Array<{ dest: string; content: string; opts?: PutOptions }>;
}

/** Answers from a list in order; a command past its end fails the test with the command. */
export function inOrder(answers: Answer[]): (command: string) => Answer {
  const left = [...answers];
  return (command) => {
    const a = left.shift();
    if (a === undefined) throw new Error(`unexpected command: ${command}`);
    return a;
  };
}

export function scriptedConnection(answers: Answers, host = 'h1'): ScriptedConnection {
  const answer = Array.isArray(answers) ? inOrder(answers) : answers;
  const conn: ScriptedConnection = {
    host,
    commands: [],
    execOptions: [],
    puts: [],
    connect: async () => undefined,
    async exec(command, opts) {
      conn.commands.push(command);
      conn.execOptions.push(opts);
      const a = answer(command, opts);
      return { command, rc: 0, stdout: '', stderr: '', durationMs: 0, ...(typeof a === 'string' ? { stdout: a } : a) };
    },
    async put(dest, content, opts) {
      conn.puts.push({ dest, content: content.toString(), opts });
    },
    get: async () => Buffer.alloc(0),
    close: async () => undefined,
  };
  return conn;
}
