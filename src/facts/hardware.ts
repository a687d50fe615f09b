/** Memory, processor, virtualization, service manager and systemd facts. */
import { first, lines, text, type Sections } from './sections.js';

export function memoryFacts(s: Sections): Record<string, unknown> {
  const kb: Record<string, number> = {};
  for (const l of lines(s, 'meminfo')) {
    const m = /^(\w+):\s+(\d+)/.exec(l);
    if (m) kb[m[1]] = Number(m[2]);
  }
  if (kb.MemTotal === undefined) return {};
  const mb = (k: string) => Math.floor((kb[k] ?? 0) / 1024);
  const total = mb('MemTotal');
  const free = mb('MemFree');
  const nocacheFree = mb('MemFree') + mb('Buffers') + mb('Cached');
  return {
    memtotal_mb: total,
    memfree_mb: free,
    swaptotal_mb: mb('SwapTotal'),
    swapfree_mb: mb('SwapFree'),
    memory_mb: {
      real: { total, free, used: total - free },
      nocache: { free: nocacheFree, used: total - nocacheFree },
      swap: { total: mb('SwapTotal'), free: mb('SwapFree'), used: mb('SwapTotal') - mb('SwapFree'), cached: mb('SwapCached') },
    },
  };
}

export function cpuFacts(s: Sections): Record<string, unknown> {
  const processor: string[] = [];
  const sockets = new Set<string>();
  let cores: number | undefined;
  let siblings: number | undefined;
  let vcpus = 0;
  for (const l of lines(s, 'cpuinfo')) {
    const m = /^([^:]+?)\s*:\s*(.*)$/.exec(l);
    if (!m) continue;
    const [, key, value] = m;
    if (key === 'processor') {
      vcpus++;
      processor.push(value);
    } else if (key === 'vendor_id' || key === 'model name' || key === 'cpu model' || key === 'Hardware') processor.push(value);
    else if (key === 'physical id') sockets.add(value);
    else if (key === 'cpu cores') cores = Number(value);
    else if (key === 'siblings') siblings = Number(value);
  }
  const nproc = Number(first(s, 'nproc'));
  const facts: Record<string, unknown> = {};
  if (vcpus === 0 && !Number.isFinite(nproc)) return facts;
  const count = sockets.size || 1;
  const perSocket = cores ?? Math.max(1, Math.floor((vcpus || nproc) / count));
  facts.processor = processor;
  facts.processor_count = count;
  facts.processor_cores = perSocket;
  facts.processor_threads_per_core = siblings && cores ? Math.max(1, Math.floor(siblings / cores)) : 1;
  facts.processor_vcpus = vcpus || (facts.processor_threads_per_core as number) * perSocket * count;
  if (Number.isFinite(nproc) && nproc > 0) facts.processor_nproc = nproc;
  return facts;
}

const EXISTS = (s: Sections) => new Set(lines(s, 'exists').map((l) => l.trim()));

/** Ansible's service_mgr: PID 1's name, systemd when its runtime dir exists, else by canaries. */
export function serviceMgr(s: Sections): string {
  const comm = first(s, 'proc1');
  const ex = EXISTS(s);
  if (comm === 'systemd') return 'systemd';
  if (comm && comm !== 'init' && !comm.endsWith('sh')) {
    if (comm.startsWith('runit')) return 'runit';
    if (comm === 'openrc-init' || comm === 'openrc') return 'openrc';
    if (!ex.has('/run/systemd/system')) return comm;
  }
  if (ex.has('/run/systemd/system')) return 'systemd';
  if (ex.has('/sbin/openrc')) return 'openrc';
  if (ex.has('/etc/init.d')) return 'sysvinit';
  return 'service';
}

/** systemd {version, features} from `systemctl --version` (only on systemd-managed hosts). */
export function systemdFacts(s: Sections): Record<string, unknown> {
  const [head, features] = lines(s, 'systemd');
  const m = head ? /^systemd (\d+)/.exec(head) : null;
  if (!m) return {};
  return { systemd: { version: Number(m[1]), features: (features ?? '').trim() } };
}

/** virtualization_type/role (guest first: nspawn/docker/... container, then VM; a KVM host is 'host'). */
export function virtualizationFacts(s: Sections): Record<string, unknown> {
  const ex = EXISTS(s);
  const guest: string[] = [];
  const host: string[] = [];
  const container = first(s, 'container');
  const detected = first(s, 'detect_virt');
  if (container) guest.push(container);
  if (ex.has('/.dockerenv')) guest.push('docker');
  if (ex.has('/run/.containerenv')) guest.push('podman');
  if (detected && detected !== 'none' && !guest.includes(detected)) guest.push(detected);
  if (ex.has('/dev/kvm')) host.push('kvm');
  let type = 'NA';
  let role = 'NA';
  if (guest.length) {
    type = guest[0];
    role = 'guest';
  } else if (host.length) {
    type = host[0];
    role = 'host';
  }
  return {
    virtualization_type: type,
    virtualization_role: role,
    virtualization_tech_guest: [...new Set(guest)].sort(),
    virtualization_tech_host: host,
  };
}

/** The kernel command line as Ansible's `cmdline` (key=value → value, bare word → true). */
export function cmdlineFacts(s: Sections): Record<string, unknown> {
  const raw = text(s, 'cmdline').trim();
  if (!raw) return {};
  const cmdline: Record<string, string | boolean> = {};
  for (const w of raw.split(/\s+/)) {
    if (w === '--') break;
    const eq = w.indexOf('=');
    if (eq < 0) cmdline[w] = true;
    else cmdline[w.slice(0, eq)] = w.slice(eq + 1);
  }
  return { cmdline, proc_cmdline: cmdline };
}
