import type { ModuleDef } from '../types.js';
import { nspawnModule } from './nspawn.js';
import { debootstrapModule } from './debootstrap.js';
import { interfacesFileModule } from './interfaces-file.js';
import { bridgeModule } from './bridge.js';
import { machineImageModule } from './image.js';
import { machineCopyModule } from './copy.js';
import { machineModule } from './machine.js';
import { machineLimitsModule } from './limits.js';
import { machineConfigModule } from './config.js';
import { machineInfoModule } from './machine-info.js';

/** The nspawn domain modules (debootstrap, nspawn, machine, machine_config, machine_copy, machine_image, machine_info, machine_limits, interfaces_file, bridge). */
export const nspawnModules: ModuleDef[] = [
  debootstrapModule,
  interfacesFileModule,
  bridgeModule,
  machineImageModule,
  machineCopyModule,
  machineModule,
  machineLimitsModule,
  machineConfigModule,
  machineInfoModule,
  nspawnModule,
] as ModuleDef[];
