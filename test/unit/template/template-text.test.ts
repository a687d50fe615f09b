/** renderTemplateText: whole Jinja2 files as the template module renders them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderTemplateText, TemplateError } from '../../../src/template/index.js';

const vars = { hosts: ['web1', 'web2'], port: '{{ base + 1 }}', base: 8079, opts: { a: 1, b: 2 }, users: [{ name: 'ann', shell: '/bin/sh' }] };

describe('renderTemplateText', () => {
  it('loops with trim_blocks: block lines leave no blank lines', () => {
    const t = '[web]\n{% for h in hosts %}\n{{ h }} port={{ port }}\n{% endfor %}\nend\n';
    expect(renderTemplateText(t, vars)).toBe('[web]\nweb1 port=8080\nweb2 port=8080\nend\n');
  });
  it('lstrip_blocks is off: indentation before a block tag stays', () => {
    expect(renderTemplateText('  {% if true %}\nx\n  {% endif %}\n', vars)).toBe('  x\n  ');
  });
  it('keeps the trailing newline and comments vanish with their newline', () => {
    expect(renderTemplateText('{# note #}\na\n', vars)).toBe('a\n');
    expect(renderTemplateText('a\n\n', vars)).toBe('a\n\n');
  });
  it('if/elif/else, set, loop variables, loop else, loop filters', () => {
    const t = [
      '{% set n = hosts | length %}',
      '{% if n > 5 %}big{% elif n > 1 %}some{% else %}one{% endif %}',
      '{% for h in hosts %}{{ loop.index }}/{{ loop.length }}{{ "," if not loop.last }}{% endfor %}',
      '{% for h in [] %}x{% else %}empty{% endfor %}',
      '{% for h in hosts if h.endswith("2") %}{{ h }}{% endfor %}',
      '{% for k, v in opts.items() %}{{ k }}={{ v }};{% endfor %}',
      '{% for k in opts %}{{ k }}{% endfor %}',
      '',
    ].join('\n');
    expect(renderTemplateText(t, vars)).toBe('some1/2,2/2emptyweb2a=1;b=2;ab');
  });
  it('macros with defaults, call blocks and filter blocks', () => {
    const t = [
      "{% macro user(u, comment='none') -%}",
      '{{ u.name }}:{{ u.shell }}:{{ comment }}',
      '{%- endmacro %}',
      '{% for u in users %}{{ user(u) }} {{ user(u, comment="x") }}{% endfor %}',
      '{% filter upper %}shout{% endfilter %}',
      '',
    ].join('\n');
    expect(renderTemplateText(t, vars)).toBe('ann:/bin/sh:none ann:/bin/sh:xSHOUT');
  });
  it('ansible_managed has a default and can be set', () => {
    expect(renderTemplateText('# {{ ansible_managed }}', {})).toBe('# Ansible managed');
    expect(renderTemplateText('# {{ ansible_managed }}', { ansible_managed: 'by machinist' })).toBe('# by machinist');
  });
  it('raw blocks are left alone', () => {
    expect(renderTemplateText('{% raw %}{{ not_rendered }}{% endraw %}', {})).toBe('{{ not_rendered }}');
  });
  it('errors name the file, the line and the variable', () => {
    const err = (() => {
      try {
        renderTemplateText('line1\nvalue={{ nope }}\n', {}, { file: 'app.conf.j2' });
      } catch (e) {
        return e as TemplateError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(TemplateError);
    expect(err.message).toBe("app.conf.j2:2: 'nope' is undefined");
    expect(err.line).toBe(2);
  });
  it('syntax errors name the file and position', () => {
    expect(() => renderTemplateText('ok\n{% if %}\n', {}, { file: 'bad.j2' })).toThrow(/^bad\.j2:2:\d+: template syntax error/);
    expect(() => renderTemplateText('{% for x in y %}', {}, { file: 'bad.j2' })).toThrow(/bad\.j2/);
  });
});

describe('include, import and extends', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'machinist-tpl-'));
    writeFileSync(path.join(dir, 'part.j2'), 'part {{ who }}\n');
    writeFileSync(path.join(dir, 'macros.j2'), '{% macro hi(n) %}hi {{ n }}{% endmacro %}');
    writeFileSync(path.join(dir, 'base.j2'), 'head\n{% block body %}default{% endblock %}\nfoot\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('includes a file beside the template with the same variables', () => {
    const main = path.join(dir, 'main.j2');
    expect(renderTemplateText('{% include "part.j2" %}end', { who: 'me' }, { file: main })).toBe('part me\nend');
  });
  it('imports macros with context', () => {
    const main = path.join(dir, 'main.j2');
    expect(renderTemplateText('{% import "macros.j2" as m with context %}{{ m.hi(who) }}', { who: 'x' }, { file: main })).toBe('hi x');
  });
  it('extends a base template and overrides blocks', () => {
    const main = path.join(dir, 'child.j2');
    expect(renderTemplateText('{% extends "base.j2" %}{% block body %}mine{% endblock %}', {}, { file: main })).toBe('head\nminefoot\n'); // trim_blocks eats the newline after endblock, as in Jinja2
  });
  it('a missing include is an error naming it', () => {
    expect(() => renderTemplateText('{% include "nope.j2" %}', {}, { file: path.join(dir, 'main.j2') })).toThrow(/template not found: nope\.j2/);
  });
});

describe('renderTemplateText with the template module\'s Jinja2 settings', () => {
  it('custom delimiters (variable, block, comment strings)', () => {
    const tags = { variableStart: '[%', variableEnd: '%]', blockStart: '[@', blockEnd: '@]', commentStart: '[#', commentEnd: '#]' };
    const t = '[# hidden #]\n[@ for h in hosts @]\n[% h %] {{ kept }}\n[@ endfor @]\n';
    expect(renderTemplateText(t, vars, { tags })).toBe('web1 {{ kept }}\nweb2 {{ kept }}\n');
  });
  it('trim_blocks off keeps the newline after a block tag; lstrip_blocks on strips the indentation before one', () => {
    const t = '  {% if true %}\nx\n  {% endif %}\n';
    expect(renderTemplateText(t, vars, { trimBlocks: false })).toBe('  \nx\n  \n');
    expect(renderTemplateText(t, vars, { lstripBlocks: true })).toBe('x\n');
  });
  it('includes are found in the search path; they are read with the same settings', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'machinist-tsp-'));
    try {
      writeFileSync(path.join(d, 'part.j2'), '<% port %>');
      const tags = { variableStart: '<%', variableEnd: '%>' };
      expect(renderTemplateText('p={% include "part.j2" %}', vars, { tags, searchPath: [d] })).toBe('p=8080');
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
