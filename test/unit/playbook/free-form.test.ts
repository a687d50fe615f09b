/**
 * The free form of command, shell, script and raw read as Ansible's parse_kv(check_raw=True): each
 * row's options and command were printed by ansible-core 2.14's own splitter for the same text.
 */
import { describe, expect, it } from 'vitest';
import { ansibleJoinArgs, ansibleSplitArgs, parseRawFreeForm } from '../../../src/playbook/free-form.js';
import { argsFromText } from '../../../src/playbook/index.js';
import { getModule } from '../../../src/modules/registry.js';

describe("parse_kv(check_raw=True), as Ansible's", () => {
  it.each([
    ["echo hi", {}, "echo hi"],
    ["echo  two  spaces ", {}, "echo  two  spaces "],
    ["chdir=/tmp ls -l", {"chdir": "/tmp"}, "ls -l"],
    ["ls creates=/x chdir=\"/a b\"", {"chdir": "/a b", "creates": "/x"}, "ls"],
    ["echo \"creates=x\"", {}, "echo \"creates=x\""],
    ["echo this is a \\\n\"multiline echo\" \\\n\"with a new line\nin quotes\" \\\n| python -c 'import x'\necho \"this is a second line\"\n", {}, "echo this is a \"multiline echo\" \"with a new line\nin quotes\" | python -c 'import x'\necho \"this is a second line\"\n"],
    ["executable=\"{{ bash.stdout }}\"\ncreates={{ d }}/afile.txt\necho \"test\"\n", {"creates": "{{ d }}/afile.txt", "executable": "{{ bash.stdout }}"}, "echo \"test\"\n"],
    ["cat <<EOF\nOne\n  Two\n    Three\nEOF\n", {}, "cat <<EOF\nOne\n  Two\n    Three\nEOF\n"],
    ["{{ d }}/test.sh > {{ d }}/afile.txt", {}, "{{ d }}/test.sh > {{ d }}/afile.txt"],
    ["echo a\\=b c=d", {}, "echo a=b c=d"],
    ["echo {% if x %}a b{% endif %} done", {}, "echo {% if x %}a b{% endif %} done"],
    ["warn=yes echo", {"warn": "yes"}, "echo"],
    ["echo 'it''s' \"x y\"  z", {}, "echo 'it''s' \"x y\"  z"],
    ["a\n\nb\n", {}, "a\n\nb\n"],
    ["echo =x", {}, "echo =x"],
    ["printf 'a\\nb'", {}, "printf 'a\\nb'"],
    ["x\ty z=1", {}, "x\ty z=1"],
  ])('%j', (text, options, raw) => {
    expect(parseRawFreeForm(text)).toEqual(raw === undefined ? { options } : { options, raw });
  });

  it('a lone option word leaves no command', () => {
    expect(parseRawFreeForm('chdir=/')).toEqual({ options: { chdir: '/' } });
  });

  it('unbalanced quotes or Jinja2 blocks, and leading runs of spaces, are errors as in Ansible', () => {
    expect(() => ansibleSplitArgs('echo "open')).toThrow(/unbalanced jinja2 block or quotes/);
    expect(() => ansibleSplitArgs('echo {{ x')).toThrow(/unbalanced jinja2 block or quotes/);
    expect(() => ansibleSplitArgs('  echo')).toThrow(/Unable to parse argument string/);
  });

  it('join_args puts no space after a newline', () => {
    expect(ansibleJoinArgs(['a\n', 'b', 'c'])).toBe('a\nb c');
  });
});

describe('the modules that take it', () => {
  it('command, shell, script and raw read their free form this way; the command keeps its trailing newline', () => {
    for (const m of ['command', 'shell', 'script', 'raw']) {
      expect(argsFromText(getModule(m)!, 'creates=/x\necho "test"\n')).toEqual({ creates: '/x', cmd: 'echo "test"\n' });
    }
  });
});
