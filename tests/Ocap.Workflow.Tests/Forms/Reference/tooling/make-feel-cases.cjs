// Generates (schema, data) cases for forms that use FEEL, fed to run-reference.cjs.
const cases = [];
const form = (components) => ({ type: 'default', id: 'Form_1', schemaVersion: 19, components });
const add = (name, components, datas) => datas.forEach((data, i) => cases.push({ name: `${name}#${i}`, schema: form(components), data }));
const tf = (id, key, extra = {}) => ({ type: 'textfield', id, key, ...extra });
const req = { validate: { required: true } };

// hide conditions at the top level
add('hide.variable', [tf('a', 'a', { ...req, conditional: { hide: '=secret' } }), tf('b', 'b')], [{ secret: true }, { secret: false }, {}, { secret: 'yes' }, { secret: null }]);
add('hide.comparison', [tf('a', 'a', { ...req, conditional: { hide: '=amount > 1000' } })], [{ amount: 500 }, { amount: 2000 }, {}, { amount: 'abc' }, { amount: '2000' }]);
add('hide.literals', [
  tf('n', 'n', { ...req, conditional: { hide: '=5' } }),
  tf('s', 's', { ...req, conditional: { hide: '="a"' } }),
  tf('z', 'z', { ...req, conditional: { hide: '=null' } }),
  tf('l', 'l', { ...req, conditional: { hide: '=[1, null]' } }),
  tf('e', 'e', { ...req, conditional: { hide: '=[]' } }),
  tf('u', 'u', { ...req, conditional: { hide: '=> 3' } }),
  tf('t', 't', { ...req, conditional: { hide: '=true, false' } }),
  tf('x', 'x', { ...req, conditional: { hide: '=not(true)' } }),
], [{}]);
add('hide.fieldValue', [{ type: 'checkbox', id: 'c', key: 'company' }, tf('v', 'vat', { ...req, conditional: { hide: '=not(company)' } })], [{ company: true }, { company: false, vat: 'x' }, {}]);
add('hide.cascade', [{ type: 'checkbox', id: 'a', key: 'a' }, tf('b', 'b', { conditional: { hide: '=not(a)' } }), tf('c', 'c', { ...req, conditional: { hide: '=b != null' } })],
  [{ a: false, b: 'x' }, { a: true, b: 'x' }, { a: true }]);
add('hide.laterField', [tf('a', 'a', { ...req, conditional: { hide: '=b = "skip"' } }), tf('b', 'b')], [{ b: 'skip' }, { b: 'keep' }]);
add('hide.defaultValue', [tf('a', 'a', { defaultValue: 'skip' }), tf('b', 'b', { ...req, conditional: { hide: '=a = "skip"' } })], [{}, { a: 'x' }]);
add('hide.numberCleaned', [{ type: 'number', id: 'n', key: 'n' }, tf('b', 'b', { ...req, conditional: { hide: '=n > 10' } })], [{ n: '20' }, { n: 'abc' }, { n: 5 }]);
add('hide.group', [{ type: 'group', id: 'g', label: 'G', conditional: { hide: '=closed' }, components: [tf('a', 'a', req)] }, tf('b', 'b')], [{ closed: true, a: '' }, { closed: false }]);
add('hide.groupPath', [{ type: 'group', id: 'g', path: 'addr', conditional: { hide: '=addr.city = "X"' }, components: [tf('c', 'city', req), tf('s', 'street', req)] }],
  [{ addr: { city: 'X' } }, { addr: { city: 'Y' } }, {}]);
add('hide.inGroupPath', [{ type: 'group', id: 'g', path: 'addr', components: [tf('c', 'city'), tf('s', 'street', { ...req, conditional: { hide: '=addr.city = "X"' } })] }],
  [{ addr: { city: 'X' } }, { addr: { city: 'Y' } }]);
add('hide.dottedKey', [tf('a', 'p.q', req), tf('b', 'p.r', { ...req, conditional: { hide: '=p.q = "x"' } })], [{ p: { q: 'x' } }, { p: { q: 'y' } }]);
add('hide.extraData', [tf('a', 'a', { ...req, conditional: { hide: '=role != "admin"' } })], [{ role: 'admin' }, { role: 'user' }]);

// dynamic lists: this, parent, i and their _x_ forms
const list = (components, extra = {}) => ({ type: 'dynamiclist', id: 'l', path: 'items', isRepeating: true, allowAddRemove: true, components, ...extra });
add('list.this', [list([tf('v', 'v', { ...req, conditional: { hide: '=this.skip = true' } })])], [{ items: [{ v: '', skip: true }, { v: '' }, { v: 'x', skip: false }] }]);
add('list.underscoreThis', [list([tf('v', 'v', { ...req, conditional: { hide: '=_this_.skip = true' } })])], [{ items: [{ v: '', skip: true }, { v: '' }] }]);
add('list.index', [list([tf('v', 'v', { ...req, conditional: { hide: '=i[1] = 2' } })])], [{ items: [{ v: '' }, { v: '' }, { v: '' }] }]);
add('list.underscoreIndex', [list([tf('v', 'v', { ...req, conditional: { hide: '=_i_[1] > 1' } })])], [{ items: [{ v: '' }, { v: '' }] }]);
add('list.parent', [list([tf('v', 'v', { ...req, conditional: { hide: '=parent.mode = "all"' } })])], [{ mode: 'all', items: [{ v: '' }] }, { mode: 'some', items: [{ v: '' }] }]);
add('list.underscoreParent', [list([tf('v', 'v', { ...req, conditional: { hide: '=_parent_.mode = "all"' } })])], [{ mode: 'all', items: [{ v: '' }] }, { mode: 'some', items: [{ v: '' }] }]);
add('list.topLevelName', [list([tf('v', 'v', { ...req, conditional: { hide: '=mode = "all"' } })])], [{ mode: 'all', items: [{ v: '' }] }, { mode: 'some', items: [{ v: '' }] }]);
add('list.itemNameNotInScope', [list([tf('v', 'v', { ...req, conditional: { hide: '=skip = true' } })])], [{ items: [{ v: '', skip: true }] }]);
add('list.shadowedThis', [list([tf('v', 'v', { ...req, conditional: { hide: '=this = "top"' } })])], [{ this: 'top', items: [{ v: '' }] }, { items: [{ v: '' }] }]);
add('list.nested', [list([{ type: 'dynamiclist', id: 'm', path: 'sub', isRepeating: true, components: [tf('w', 'w', { ...req, conditional: { hide: '=parent.this.kind = "x" or parent.parent.mode = "all" or i[1] = 2' } })] }])],
  [{ mode: 'some', items: [{ kind: 'x', sub: [{ w: '' }] }, { kind: 'y', sub: [{ w: '' }, { w: '' }] }, { kind: 'y', sub: [{ w: '' }] }] }, { mode: 'all', items: [{ sub: [{ w: '' }] }] }]);
add('list.hidden', [list([tf('v', 'v', req)], { conditional: { hide: '=count(items) > 2' } })], [{ items: [{ v: '' }, { v: '' }, { v: '' }] }, { items: [{ v: '' }] }]);
add('list.countItems', [list([tf('v', 'v', req)]), tf('t', 't', { ...req, conditional: { hide: '=count(items) < 2' } })], [{ items: [{ v: 'a' }] }, { items: [{ v: 'a' }, { v: 'b' }] }]);
add('list.defaultRepetitions', [list([tf('v', 'v', { ...req, conditional: { hide: '=i[1] = 1' } })], { defaultRepetitions: 2 })], [{}]);
add('list.hiddenSiblingInItem', [list([{ type: 'checkbox', id: 'c', key: 'c' }, tf('v', 'v', { ...req, conditional: { hide: '=not(this.c)' } })])], [{ items: [{ c: true }, { c: false, v: 'x' }] }]);

// FEEL bounds
const num = (validate, extra = {}) => ({ type: 'number', id: 'n', key: 'n', validate, ...extra });
add('bound.min', [num({ min: '=low' })], [{ n: 5, low: 10 }, { n: 15, low: 10 }, { n: 5 }, { n: 5, low: 'abc' }, { n: 5, low: '7' }, { n: 0, low: 1 }]);
add('bound.max', [num({ max: '=high * 2' })], [{ n: 25, high: 10 }, { n: 15, high: 10 }, { n: 15 }]);
add('bound.both', [num({ min: '=1', max: '=3', required: true })], [{ n: 0 }, { n: 2 }, { n: 4 }, {}]);
add('bound.decimal', [num({ min: '=0.1 + 0.2' })], [{ n: 0.3 }, { n: 0.29 }]);
add('bound.length', [tf('t', 't', { validate: { minLength: '=lo', maxLength: '=hi' } })], [{ t: 'ab', lo: 3, hi: 5 }, { t: ' abcdef ', lo: 3, hi: 5 }, { t: 'abcd', lo: 3, hi: 5 }, { t: 'ab' }, { t: 'abcdef', lo: '3', hi: '5' }]);
add('bound.inList', [list([{ type: 'number', id: 'q', key: 'q', validate: { max: '=this.limit' } }])], [{ items: [{ q: 5, limit: 3 }, { q: 2, limit: 3 }, { q: 9 }] }]);
add('bound.hiddenField', [num({ max: '=10' }, { conditional: { hide: '=true' } })], [{ n: 50 }]);

// valuesExpression options
const sel = (type, extra = {}) => ({ type, id: 's', key: 's', valuesExpression: '=opts', ...extra });
add('options.select', [sel('select')], [{ s: 'b', opts: ['a', 'b'] }, { s: 'z', opts: ['a', 'b'] }, { s: 'z' }, { s: 'z', opts: 'a' }, { s: 2, opts: [1, 2] }, { s: 'b', opts: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] }, { s: 'c', opts: [{ label: 'A', value: 'a' }] }, { s: '', opts: ['a'] }]);
add('options.radio', [sel('radio')], [{ s: 'b', opts: ['a', 'b'] }, { s: 'z', opts: ['a', 'b'] }]);
add('options.checklist', [sel('checklist')], [{ s: ['a', 'z'], opts: ['a', 'b'] }, { s: ['a'], opts: ['a'] }, { s: ['a'] }]);
add('options.taglist', [sel('taglist')], [{ s: ['b', 'x'], opts: ['a', 'b'] }]);
add('options.required', [sel('select', { validate: { required: true } })], [{ s: 'z', opts: ['a'] }, { s: 'a', opts: ['a'] }]);
add('options.readonly', [sel('select', { readonly: '=locked' })], [{ s: 'z', opts: ['a'], locked: true }, { s: 'z', opts: ['a'], locked: false }]);
add('options.readonlyLiteral', [sel('select', { readonly: true })], [{ s: 'z', opts: ['a'] }]);
add('options.computed', [sel('select', { valuesExpression: '=for x in [1, 2, 3] return x * 10' })], [{ s: 20 }, { s: 25 }]);
add('options.dependent', [
  { type: 'select', id: 'a', key: 'a', values: [{ label: 'F', value: 'fruit' }, { label: 'V', value: 'veg' }] },
  { type: 'select', id: 'b', key: 'b', valuesExpression: '=if a = "fruit" then ["apple", "pear"] else ["leek"]', validate: { required: true } },
], [{ a: 'fruit', b: 'apple' }, { a: 'veg', b: 'apple' }, { b: 'leek' }]);
add('options.inList', [list([{ type: 'select', id: 'o', key: 'o', valuesExpression: '=this.choices' }])], [{ items: [{ o: 'a', choices: ['a'] }, { o: 'a', choices: ['b'] }] }]);
add('options.hidesOther', [sel('select'), tf('t', 't', { ...req, conditional: { hide: '=s = null' } })], [{ s: 'a', opts: ['a'] }, { s: 'z', opts: ['a'] }]);

// expression fields
const expr = (expression, computeOn, extra = {}) => ({ type: 'expression', id: 'e', key: 'total', expression, ...(computeOn ? { computeOn } : {}), ...extra });
add('expression.change', [expr('=price * qty', 'change')], [{ price: 3, qty: 4 }, { price: 3 }, { price: 3, qty: 4, total: 99 }]);
add('expression.presubmit', [expr('=price * qty', 'presubmit')], [{ price: 3, qty: 4 }, { total: 5 }]);
add('expression.noComputeOn', [expr('=price * qty', null)], [{ price: 3, qty: 4 }, { price: 3, qty: 4, total: 1 }]);
add('expression.drivesHide', [expr('=price * qty', 'change'), tf('t', 'note', { ...req, conditional: { hide: '=total < 100' } })], [{ price: 30, qty: 4 }, { price: 3, qty: 4 }]);
add('expression.readsField', [{ type: 'number', id: 'n', key: 'n' }, expr('=n + 1', 'change')], [{ n: 1 }, { n: '5' }, {}]);
add('expression.object', [expr('={a: x, b: [1, 2]}', 'change')], [{ x: 'y' }]);
add('expression.hidden', [expr('=1', 'change', { conditional: { hide: '=true' } })], [{}]);
add('expression.inList', [list([{ type: 'expression', id: 'x', key: 'sum', expression: '=this.a + this.b', computeOn: 'change' }])], [{ items: [{ a: 1, b: 2 }, { a: 5, b: 5 }] }]);

// display-only FEEL and templates
add('display.templates', [
  { type: 'text', id: 'x', text: 'Hello {{name}} {{#if n > 1}}many{{/if}}' },
  tf('t', 't', { label: '=upper case(name)', description: 'for {{name}}', ...req }),
], [{ name: 'ann', n: 3 }, { t: 'v' }]);
add('display.readonlyText', [tf('t', 't', { readonly: '=true', ...req })], [{}, { t: 'x' }]);


// more scopes and sources
add('scope.topLevelSpecials', [tf('a', 'a', { ...req, conditional: { hide: '=parent = null and count(i) = 0 and this.x = 1 and _this_.x = 1' } })], [{ x: 1 }, { x: 2 }]);
add('scope.dataShadowsI', [list([tf('v', 'v', { ...req, conditional: { hide: '=i = "mine" or _i_[1] = 2' } })])], [{ i: 'mine', items: [{ v: '' }] }, { items: [{ v: '' }, { v: '' }] }]);
add('scope.groupPathInList', [list([{ type: 'group', id: 'g', path: 'addr', components: [tf('c', 'city', { ...req, conditional: { hide: '=this.addr.city = "X"' } })] }])],
  [{ items: [{ addr: { city: 'X' } }, { addr: { city: '' } }] }]);
add('scope.hiddenInItemSeenByLater', [list([{ type: 'checkbox', id: 'c', key: 'c' }, tf('v', 'v', { conditional: { hide: '=this.c' } }), tf('w', 'w', { ...req, conditional: { hide: '=this.v = null' } })])],
  [{ items: [{ c: true, v: 'x' }, { c: false, v: 'x' }] }]);
add('options.valuesKeyWithExpression', [{ type: 'select', id: 's', key: 's', valuesKey: 'keyed', valuesExpression: '=opts' }], [{ s: 'b', keyed: ['a'], opts: ['b'] }, { s: 'a', keyed: ['a'], opts: ['b'] }]);
add('options.taglistRequired', [{ type: 'taglist', id: 's', key: 's', valuesExpression: '=opts', validate: { required: true } }], [{ s: ['x'], opts: ['a'] }, { s: ['a', 'x'], opts: ['a'] }]);
add('options.hiddenSelectKeepsNothing', [sel('select', { conditional: { hide: '=true' } })], [{ s: 'z', opts: ['a'] }]);
add('options.disabledSelect', [sel('select', { disabled: true })], [{ s: 'z', opts: ['a'] }]);
add('options.numbersFromContext', [sel('radio', { valuesExpression: '=for x in opts return {label: string(x), value: x}' })], [{ s: 2, opts: [1, 2] }, { s: 3, opts: [1, 2] }]);
add('expression.readsHidden', [tf('a', 'a', { conditional: { hide: '=true' } }), expr('=a', 'change')], [{ a: 'secret' }]);
add('expression.readsHiddenInGroup', [{ type: 'group', id: 'g', path: 'p', components: [tf('a', 'a', { conditional: { hide: '=true' } })] }, expr('=p.a', 'change')], [{ p: { a: 'secret' } }]);
add('expression.validated', [expr('=5', 'change', { validate: { required: true } })], [{}]);
add('bound.fromField', [{ type: 'number', id: 'lo', key: 'lo' }, num({ min: '=lo' })], [{ lo: 10, n: 5 }, { lo: '10', n: 5 }, { n: 5 }]);
add('bound.stringResult', [num({ max: '=string(10)' })], [{ n: 50 }, { n: 5 }]);
add('bound.booleanLength', [tf('t', 't', { validate: { minLength: '=true' } })], [{ t: '' }, { t: 'a' }]);
add('hide.dateComparison', [{ type: 'datetime', id: 'd', key: 'd', subtype: 'date' }, tf('t', 't', { ...req, conditional: { hide: '=date(d) < date("2024-01-01")' } })], [{ d: '2023-05-01' }, { d: '2024-05-01' }, {}]);
add('hide.stringFunctions', [tf('t', 't', { ...req, conditional: { hide: '=starts with(code, "X-") or contains(upper case(code), "SKIP")' } })], [{ code: 'X-1' }, { code: 'a-skip' }, { code: 'keep' }]);

process.stdout.write(JSON.stringify(cases, null, 1) + '\n');
