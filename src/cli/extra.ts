/** Commands of later parts (lab, machines) register here. */
import type { Command } from 'commander';

export function registerExtraCommands(_program: Command): void {}
