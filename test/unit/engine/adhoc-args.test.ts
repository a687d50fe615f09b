/** `-a` of `machinist run`: read as Ansible's ad-hoc reads it and checked before any host is contacted. */
import { describe, expect, it } from 'vitest';
import { adhocArgs } from '../../../src/engine/adhoc.js';
import { OptionsError } from '../../../src/util/errors.js';

describe('adhocArgs', () => {
  it.each([
    ['a JSON object', 'copy', '{"content": "x", "dest": "/tmp/f"}', { content: 'x', dest: '/tmp/f' }],
    ['key=value text', 'copy', 'content=x dest=/tmp/f', { content: 'x', dest: '/tmp/f' }],
    ['free form with an option word', 'command', 'chdir=/tmp ls -l', { chdir: '/tmp', cmd: 'ls -l' }],
    ['braces that are not JSON: free form for command', 'command', 'echo {a,b}', { cmd: 'echo {a,b}' }],
    ['a templated value is left for run time', 'debug', 'msg={{ 1 + 1 }}', { msg: '{{ 1 + 1 }}' }],
    ['nothing', 'ping', '', {}],
  ])('%s', (_name, module, text, expected) => {
    expect(adhocArgs(module, text)).toEqual(expected);
  });

  it.each([
    ['bad JSON for a key=value module', 'debug', '{bad json', "module 'debug' takes key=value arguments"],
    ['a misspelt argument (JSON)', 'copy', '{"content": "x", "dst": "/tmp/f"}', "unsupported argument 'dst' for module 'copy' (did you mean 'dest'?)"],
    ['a misspelt argument (key=value)', 'copy', 'content=x dst=/tmp/f', "unsupported argument 'dst' for module 'copy' (did you mean 'dest'?)"],
    ['a missing required argument', 'copy', 'content=x', "module 'copy' is missing the required argument 'dest'"],
    ['an unknown module', 'nosuch', 'a=1', "unknown module 'nosuch'"],
  ])('%s is refused as bad options', (_name, module, text, message) => {
    let err: unknown;
    try {
      adhocArgs(module, text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionsError);
    expect((err as Error).message).toContain(message);
  });
});
