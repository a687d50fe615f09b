import type { ModuleDef } from '../types.js';
import { aptModule } from './apt.js';
import { packageModule } from './package.js';
import { systemdModule } from './systemd.js';
import { serviceModule } from './service.js';
import { sysctlModule } from './sysctl.js';
import { hostnameModule } from './hostname.js';
import { userModule } from './user.js';
import { groupModule } from './group.js';
import { authorizedKeyModule } from './authorized-key.js';
import { rebootModule } from './reboot.js';
import { getentModule } from './getent.js';
import { packageFactsModule } from './package-facts.js';
import { serviceFactsModule } from './service-facts.js';
import { scriptModule } from './script.js';

/** Debian system modules: apt, package, systemd, service, sysctl, hostname, user, group, authorized_key, reboot, getent, package_facts, service_facts, script. */
export const systemModules: ModuleDef[] = [
  aptModule,
  packageModule,
  systemdModule,
  serviceModule,
  sysctlModule,
  hostnameModule,
  userModule,
  groupModule,
  authorizedKeyModule,
  rebootModule,
  getentModule,
  packageFactsModule,
  serviceFactsModule,
  scriptModule,
] as ModuleDef[];
