#!/usr/bin/env node
// Evaluates a grammar written in tree-sitter's grammar DSL (grammar.js) and
// prints the standard grammar.json intermediate form on stdout, so that our
// own generator (grammar/generator) can read it. Only what the DSL defines is
// implemented here; no tree-sitter package is needed.
//
// usage: node grammar-to-json.js path/to/grammar.js > grammar.json
'use strict';

const path = require('path');

function normalize(value) {
  if (typeof value === 'string') return { type: 'STRING', value };
  if (value instanceof RegExp) {
    const rule = { type: 'PATTERN', value: value.source };
    if (value.flags) rule.flags = value.flags;
    return rule;
  }
  if (value === undefined || value === null) throw new Error('undefined rule (misspelled $.name?)');
  if (typeof value.type !== 'string') throw new Error(`not a rule: ${JSON.stringify(value)}`);
  return value;
}

const blank = () => ({ type: 'BLANK' });
const seq = (...members) => ({ type: 'SEQ', members: members.map(normalize) });
const choice = (...members) => ({ type: 'CHOICE', members: members.map(normalize) });
const optional = (value) => choice(value, blank());
const repeat = (value) => ({ type: 'REPEAT', content: normalize(value) });
const repeat1 = (value) => ({ type: 'REPEAT1', content: normalize(value) });
const field = (name, value) => ({ type: 'FIELD', name, content: normalize(value) });

function alias(value, target) {
  const content = normalize(value);
  if (typeof target === 'string') return { type: 'ALIAS', content, named: false, value: target };
  if (target && target.type === 'SYMBOL') {
    return { type: 'ALIAS', content, named: !target.name.startsWith('_'), value: target.name };
  }
  throw new Error(`alias target must be a string or $.symbol, got ${JSON.stringify(target)}`);
}

function precedence(type) {
  return (value, content) => {
    if (content === undefined) {
      content = value;
      value = 0;
    }
    return { type, value, content: normalize(content) };
  };
}
const prec = precedence('PREC');
prec.left = precedence('PREC_LEFT');
prec.right = precedence('PREC_RIGHT');
prec.dynamic = precedence('PREC_DYNAMIC');

const token = (value) => ({ type: 'TOKEN', content: normalize(value) });
token.immediate = (value) => ({ type: 'IMMEDIATE_TOKEN', content: normalize(value) });

// `$` in rule functions: any property access names a symbol.
const symbolProxy = new Proxy(
  {},
  { get: (_, name) => (typeof name === 'string' ? { type: 'SYMBOL', name } : undefined) },
);

function grammar(definition) {
  if (!definition.name) throw new Error('grammar needs a name');
  const rules = {};
  for (const [name, fn] of Object.entries(definition.rules)) {
    rules[name] = normalize(fn(symbolProxy));
  }
  const names = (key) => (definition[key] ? definition[key](symbolProxy).map((r) => r.name) : []);
  const out = { name: definition.name };
  if (definition.word) out.word = definition.word(symbolProxy).name;
  out.rules = rules;
  out.extras = definition.extras
    ? definition.extras(symbolProxy).map(normalize)
    : [{ type: 'PATTERN', value: '\\s' }];
  out.conflicts = definition.conflicts ? definition.conflicts(symbolProxy).map((c) => c.map((s) => s.name)) : [];
  out.precedences = definition.precedences
    ? definition.precedences(symbolProxy).map((list) => list.map(normalize))
    : [];
  out.externals = definition.externals ? definition.externals(symbolProxy).map(normalize) : [];
  out.inline = names('inline');
  out.supertypes = names('supertypes');
  return out;
}

Object.assign(global, { grammar, seq, choice, optional, repeat, repeat1, field, alias, prec, token, blank });

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: grammar-to-json.js grammar.js\n');
  process.exit(2);
}
try {
  const result = require(path.resolve(file));
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} catch (error) {
  process.stderr.write(`${file}: ${error.message}\n`);
  process.exit(1);
}
