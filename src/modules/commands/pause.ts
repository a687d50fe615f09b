/**
 * pause: wait `seconds`/`minutes` (abortable with Ctrl-C), or, with neither, wait for the user to
 * press Enter after `prompt`. Prompting needs a terminal: without a TTY on stdin it is refused.
 */
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import * as readline from 'node:readline';
import { defineModule, type ModuleResult } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { boolish, builtinAliases, nonNegative, stringish } from '../kit/args.js';
import { nowMs, pyDatetime } from '../kit/run-result.js';

export const pauseSchema = z
  .object({
    seconds: nonNegative.optional(),
    minutes: nonNegative.optional(),
    prompt: stringish.optional(),
    echo: boolish.default(true),
  })
  .strict()
  .refine((a) => !(a.seconds !== undefined && a.minutes !== undefined), 'seconds and minutes are mutually exclusive');

export type PauseArgs = z.infer<typeof pauseSchema>;

/** How long to wait in ms, or undefined for a prompt that waits for Enter. */
export function pauseDurationMs(args: Pick<PauseArgs, 'seconds' | 'minutes'>): number | undefined {
  if (args.minutes !== undefined) return args.minutes * 60_000;
  if (args.seconds !== undefined) return args.seconds * 1000;
  return undefined;
}

export function pauseStdout(args: Pick<PauseArgs, 'seconds' | 'minutes'>): string {
  if (args.minutes !== undefined) return `Paused for ${args.minutes.toFixed(1)} minutes`;
  if (args.seconds !== undefined) return `Paused for ${args.seconds.toFixed(1)} seconds`;
  return 'Paused until the prompt was answered';
}

/** Ask on the terminal and read one line (hidden when echo is false). */
async function askOnTty(prompt: string, echo: boolean, signal: AbortSignal): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const muted = rl as unknown as { _writeToOutput?: (s: string) => void };
  try {
    const question = `[pause]\n${prompt}:\n`;
    if (!echo) {
      process.stderr.write(question);
      muted._writeToOutput = () => {};
    }
    return await new Promise<string>((resolve, reject) => {
      const onAbort = () => reject(signal.reason ?? new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      rl.question(echo ? question : '', (answer) => {
        signal.removeEventListener('abort', onAbort);
        resolve(answer);
      });
    });
  } finally {
    rl.close();
    if (!echo) process.stderr.write('\n');
  }
}

export const pauseModule = defineModule({
  name: 'pause',
  aliases: builtinAliases('pause'),
  schema: pauseSchema,
  runsOn: 'controller',
  async plan(args, ctx) {
    const ms = pauseDurationMs(args);
    const start = nowMs();
    let userInput = '';
    if (ms === undefined) {
      if (!process.stdin.isTTY) {
        throw new ModuleFailure(
          'pause without seconds or minutes waits for a keypress, but stdin is not a terminal; give seconds: or minutes:, or run from a terminal',
          { failed: true },
        );
      }
      userInput = await askOnTty(args.prompt ?? 'Press enter to continue, Ctrl+C to interrupt', args.echo, ctx.signal);
    } else if (ms > 0) {
      await sleep(ms, undefined, { signal: ctx.signal });
    }
    const stop = nowMs();
    const result: ModuleResult = {
      changed: false,
      rc: 0,
      stderr: '',
      stdout: pauseStdout(args),
      start: pyDatetime(start),
      stop: pyDatetime(stop),
      delta: Math.floor((stop - start) / 1000),
      user_input: userInput,
      echo: args.echo,
    };
    return { changed: false, result };
  },
});
