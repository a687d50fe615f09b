import type { ModuleDef } from '../types.js';
import { commandModule } from './command.js';
import { shellModule } from './shell.js';
import { rawModule } from './raw.js';
import { debugModule } from './debug.js';
import { assertModule } from './assert.js';
import { failModule } from './fail.js';
import { setFactModule } from './set-fact.js';
import { pauseModule } from './pause.js';
import { waitForModule } from './wait-for.js';
import { waitForConnectionModule } from './wait-for-connection.js';
import { pingModule } from './ping.js';
import { gatherFactsModule, setupModule } from './setup.js';
import { includeVarsModule } from './include-vars.js';
import { addHostModule, groupByModule } from './group-by.js';
import { asyncStatusModule } from './async-status.js';

/** Command and control modules: command, shell, raw, debug, assert, fail, set_fact, pause, wait_for, ... */
export const commandModules: ModuleDef[] = [
  commandModule,
  shellModule,
  rawModule,
  debugModule,
  assertModule,
  failModule,
  setFactModule,
  pauseModule,
  waitForModule,
  waitForConnectionModule,
  pingModule,
  setupModule,
  gatherFactsModule,
  includeVarsModule,
  groupByModule,
  addHostModule,
  asyncStatusModule,
] as ModuleDef[];
