/**
 * Pure parser: the fact script's output → Ansible's fact names (without the ansible_ prefix).
 * Absent values are omitted; nothing here throws on missing sections.
 */
import { first, splitSections } from './sections.js';
import { distributionFacts, pkgMgr } from './distribution.js';
import { networkFacts } from './network.js';
import { cmdlineFacts, cpuFacts, memoryFacts, serviceMgr, systemdFacts, virtualizationFacts } from './hardware.js';
import { dateTimeFacts, dnsFacts, envFacts, miscFacts, pythonFacts, userFacts } from './system.js';
import { lines } from './sections.js';

const ARCH: Record<string, string> = { i386: 'i386', i486: 'i386', i586: 'i386', i686: 'i386', amd64: 'x86_64' };

export function parseFacts(output: string): Record<string, unknown> {
  const s = splitSections(output);
  const facts: Record<string, unknown> = {};
  const system = first(s, 'ostype') ?? 'Linux';
  facts.system = system;
  const kernel = first(s, 'osrelease');
  if (kernel) facts.kernel = kernel;
  const kver = first(s, 'kversion');
  if (kver) facts.kernel_version = kver;
  const machine = first(s, 'machine');
  if (machine) {
    facts.machine = machine;
    facts.architecture = ARCH[machine] ?? machine;
  }

  const nodename = first(s, 'hostname');
  if (nodename) {
    facts.nodename = nodename;
    facts.hostname = nodename.split('.')[0];
    const fqdn = first(s, 'fqdn') ?? nodename;
    facts.fqdn = fqdn;
    facts.domain = fqdn.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : '';
  }

  Object.assign(facts, distributionFacts(s, system));
  facts.pkg_mgr = pkgMgr(lines(s, 'pkg').map((l) => l.trim()), String(facts.os_family));
  facts.service_mgr = serviceMgr(s);
  if (facts.service_mgr === 'systemd') Object.assign(facts, systemdFacts(s));
  Object.assign(facts, virtualizationFacts(s));
  Object.assign(facts, networkFacts(s));
  Object.assign(facts, memoryFacts(s));
  Object.assign(facts, cpuFacts(s));
  Object.assign(facts, dateTimeFacts(first(s, 'date')));
  Object.assign(facts, userFacts(s));
  Object.assign(facts, envFacts(s));
  Object.assign(facts, cmdlineFacts(s));
  Object.assign(facts, dnsFacts(s));
  Object.assign(facts, miscFacts(s));
  Object.assign(facts, pythonFacts(s));
  return facts;
}

/** True when the output is complete (the script reached its last section). */
export function isComplete(output: string): boolean {
  return splitSections(output).has('end');
}
