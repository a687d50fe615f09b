import { describe, expect, it } from 'vitest';
import { factVars, hostvarsProxy, layerVars, magicVars, unprefixFacts } from '../../../src/engine/vars.js';

const LAYERS = ['roleDefaults', 'inventory', 'facts', 'play', 'varsFiles', 'roleVars', 'blocks', 'task', 'included', 'hostScope', 'params', 'extra', 'loop'] as const;

function layersWith(upTo: number) {
  // every layer up to index `upTo` defines x = its own name
  const l: Parameters<typeof layerVars>[0] = { inventory: {}, extra: {}, magic: {} };
  LAYERS.slice(0, upTo + 1).forEach((name) => {
    const v = { x: name };
    if (name === 'varsFiles' || name === 'blocks' || name === 'params') l[name] = [v];
    else if (name === 'facts') l.facts = { x: 'facts' };
    else (l as unknown as Record<string, unknown>)[name] = v;
  });
  return l;
}

describe('variable precedence', () => {
  it('each layer beats every lower one', () => {
    LAYERS.forEach((name, i) => {
      if (name === 'facts') return; // facts are visible as ansible_<key>, checked below
      expect(layerVars(layersWith(i)).x).toBe(name);
    });
  });

  it('extra vars beat set_fact/register, and magic variables cannot be overridden', () => {
    const v = layerVars({
      inventory: { a: 'inv', inventory_hostname: 'spoof' },
      hostScope: { a: 'fact', b: 'fact' },
      extra: { a: 'extra' },
      magic: { inventory_hostname: 'web1' },
    });
    expect(v).toMatchObject({ a: 'extra', b: 'fact', inventory_hostname: 'web1' });
  });

  it('inner blocks beat outer blocks, vars_files beat play vars', () => {
    const v = layerVars({ inventory: {}, play: { p: 'play', q: 'play' }, varsFiles: [{ p: 'file1' }, { p: 'file2' }], blocks: [{ b: 'outer' }, { b: 'inner' }], extra: {}, magic: {} });
    expect(v).toMatchObject({ p: 'file2', q: 'play', b: 'inner' });
  });

  it('facts appear under ansible_facts without the prefix and as the names returned, below play vars', () => {
    const v = layerVars({ inventory: { ansible_distribution: 'inv' }, facts: { ansible_distribution: 'Debian', ansible_os_family: 'Debian' }, play: { ansible_os_family: 'play' }, extra: {}, magic: {} });
    expect(v.ansible_distribution).toBe('Debian');
    expect(v.ansible_os_family).toBe('play');
    expect(v.ansible_facts).toEqual({ distribution: 'Debian', os_family: 'Debian' });
    expect(factVars(undefined)).toEqual({ ansible_facts: {} });
    expect(unprefixFacts({ ansible_x: 1, y: 2 })).toEqual({ x: 1, y: 2 });
  });

  it.each([
    // facts a module returns are variables under the names it returned them (getent, package_facts), as Ansible's INJECT_FACTS_AS_VARS
    [{ getent_passwd: { root: ['x'] } }, 'getent_passwd', { root: ['x'] }],
    [{ packages: { bash: [] } }, 'packages', { bash: [] }],
    [{ ansible_hostname: 'h' }, 'ansible_hostname', 'h'],
  ])('facts %j are the variable %s', (facts, name, value) => {
    const v = layerVars({ inventory: {}, facts, extra: {}, magic: {} });
    expect(v[name]).toEqual(value);
    expect((v.ansible_facts as Record<string, unknown>)[name.replace(/^ansible_/, '')]).toEqual(value);
    expect(v[`ansible_${name}`]).toBeUndefined(); // no ansible_getent_passwd: only the names returned
  });

  it('leaves templates unrendered (rendered lazily by the template engine)', () => {
    const v = layerVars({ inventory: { a: '{{ b }}' }, play: { b: 'x' }, extra: {}, magic: {} });
    expect(v.a).toBe('{{ b }}');
  });
});

describe('hostvars', () => {
  it('computes a host only when looked up, once', () => {
    const calls: string[] = [];
    const hv = hostvarsProxy(['a', 'b'], (h) => {
      calls.push(h);
      return { name: h };
    });
    expect(calls).toEqual([]);
    expect(hv.b).toEqual({ name: 'b' });
    expect(hv.b.name).toBe('b');
    expect(calls).toEqual(['b']);
    expect('a' in hv).toBe(true);
    expect('zz' in hv).toBe(false);
    expect(hv.zz).toBeUndefined();
    expect(Object.keys(hv)).toEqual(['a', 'b']);
  });
});

describe('magic variables', () => {
  it('names the host, its groups and the play', () => {
    const m = magicVars({
      host: 'web1.example.com', groups: { all: ['web1.example.com'] }, groupNames: ['web'], hostvars: {}, playHostsAll: ['web1.example.com', 'x'],
      playHosts: ['web1.example.com'], playBatch: ['web1.example.com'], check: true, diff: false, verbosity: 2, playbookDir: 'pb', runTags: [], skipTags: ['s'], omit: '__omit__',
    });
    expect(m).toMatchObject({
      inventory_hostname: 'web1.example.com', inventory_hostname_short: 'web1', group_names: ['web'], play_hosts: ['web1.example.com'],
      ansible_play_hosts_all: ['web1.example.com', 'x'], ansible_check_mode: true, ansible_diff_mode: false, ansible_verbosity: 2,
      playbook_dir: 'pb', ansible_run_tags: ['all'], ansible_skip_tags: ['s'], omit: '__omit__',
    });
    expect(m).not.toHaveProperty('ansible_search_path');
  });

  it('ansible_search_path and role_path, when a task gives them', () => {
    const base = { host: 'h', groups: {}, groupNames: [], hostvars: {}, playHostsAll: [], playHosts: [], playBatch: [], check: false, diff: false, verbosity: 0, playbookDir: 'pb', runTags: [], skipTags: [], omit: 'o' };
    expect(magicVars({ ...base, roleDir: '/r/web', searchPath: ['/r/web', '/r/web/tasks'] })).toMatchObject({ role_path: '/r/web', ansible_search_path: ['/r/web', '/r/web/tasks'] });
  });
});

describe('role magic variables', () => {
  const base = {
    host: 'h', groups: {}, groupNames: [], hostvars: {}, playHostsAll: [], playHosts: [], playBatch: [], check: false, diff: false, verbosity: 0,
    playbookDir: 'pb', runTags: [], skipTags: [], omit: 'o',
  };
  it('role_names and the ansible_*role_names lists as Ansible\'s VariableManager; role_name/role_path inside a role', () => {
    const m = magicVars({ ...base, roleNames: { play: ['app', 'db'], dependent: ['common', 'app'] }, roleDir: '/r/roles/app' });
    expect(m).toMatchObject({
      role_names: ['app', 'db'], ansible_play_role_names: ['app', 'db'], ansible_dependent_role_names: ['common', 'app'],
      role_name: 'app', ansible_role_name: 'app', role_path: '/r/roles/app',
    });
    expect([...(m.ansible_role_names as string[])].sort()).toEqual(['app', 'common', 'db']);
    expect(magicVars(base).role_name).toBeUndefined();
  });
});
