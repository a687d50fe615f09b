import type { ModuleDef } from '../types.js';
import { nspawnModule } from './settings/nspawn.js';
import { debootstrapModule } from './debootstrap/debootstrap.js';
import { interfacesFileModule } from './interfaces/interfaces-file.js';
import { bridgeModule } from './bridge/bridge.js';
import { machineImageModule } from './image/image.js';
import { machineCopyModule } from './copy/copy.js';
import { machineModule } from './machine/machine.js';
import { machineLimitsModule } from './limits/limits.js';
import { machineConfigModule } from './config/config.js';
import { machineInfoModule } from './machine/machine-info.js';

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
