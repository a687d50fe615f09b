/** Commands of the other parts: `machinist lab` (a real fleet of Debian hosts on this machine). */
import type { Command } from 'commander';
import { registerLabCommands } from '../lab/index.js';

export function registerExtraCommands(program: Command): void {
  registerLabCommands(program);
}
