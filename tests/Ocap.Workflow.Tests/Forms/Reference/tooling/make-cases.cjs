// Generates the corpus of (schema, data) cases fed to run-reference.cjs.
const cases = [];
let n = 0;
const form = (components, extra = {}) => ({ type: 'default', id: 'Form_1', schemaVersion: 19, components, ...extra });
const add = (name, components, data, extra) => cases.push({ name, schema: form(components, extra), data });
const one = (name, comp, values) => values.forEach((v, i) => add(`${name}#${i}`, [comp], v === undefined ? {} : { f: v }));

// textfield clean-up and rules
one('textfield.cleanup', { type: 'textfield', id: 't', key: 'f' }, [undefined, 'abc', 42, 0, true, false, null, { a: 1 }, [1, 2], 'a\nb\tc\rd', 1.5e300, -0.0]);
one('textfield.default', { type: 'textfield', id: 't', key: 'f', defaultValue: 'dflt' }, [undefined, null, '']);
one('textfield.required', { type: 'textfield', id: 't', key: 'f', validate: { required: true } }, [undefined, '', ' ', 'x', 0, false]);
one('textfield.minLength', { type: 'textfield', id: 't', key: 'f', validate: { minLength: 3 } }, ['', 'ab', '  ab  ', 'abc', 'abcd']);
one('textfield.maxLength', { type: 'textfield', id: 't', key: 'f', validate: { maxLength: 3 } }, ['', 'abcd', ' abc ', 'abc', 12345]);
one('textfield.lengthStrings', { type: 'textfield', id: 't', key: 'f', validate: { minLength: '3', maxLength: '5' } }, ['ab', 'abcdef', 'abcd']);
one('textfield.pattern', { type: 'textfield', id: 't', key: 'f', validate: { pattern: '[0-9]+' } }, ['', 'abc', 'a1b', '123']);
one('textfield.patternAnchored', { type: 'textfield', id: 't', key: 'f', validate: { pattern: '^[A-Z]{2}-\\d{3}$', patternErrorMessage: 'Use AA-999.' } }, ['AB-123', 'AB-1234', 'ab-123']);
one('textfield.patternUnicode', { type: 'textfield', id: 't', key: 'f', validate: { pattern: '^\\w+$' } }, ['héllo', 'hello_1']);
one('textfield.email', { type: 'textfield', id: 't', key: 'f', validate: { validationType: 'email' } }, ['', 'a@b', 'a@b.c', 'a.b+c@ex-ample.org', 'a@-b.com', 'no-at', 'a b@c.d', 'a@b_c.d', 'ü@b.de']);
one('textfield.phone', { type: 'textfield', id: 't', key: 'f', validate: { validationType: 'phone' } }, ['', '+4930664040900', '004930664040900', '030664040900', '+49 30 664040900', '+1234', 'x+4930664040900', '+999999999999']);
one('textfield.custom', { type: 'textfield', id: 't', key: 'f', validate: { validationType: 'custom', pattern: 'x' } }, ['abc', 'x']);
one('textfield.allRules', { type: 'textfield', id: 't', key: 'f', validate: { required: true, minLength: 5, maxLength: 2, pattern: '^a', validationType: 'email' } }, ['', 'bcd', 'abc']);
one('textfield.minMaxOnText', { type: 'textfield', id: 't', key: 'f', validate: { min: 3, max: 10 } }, ['2', '11', '5', 'abc', '0']);

// textarea
one('textarea.cleanup', { type: 'textarea', id: 'ta', key: 'f' }, [undefined, 'a\nb', 7, true, null, {}, []]);
one('textarea.rules', { type: 'textarea', id: 'ta', key: 'f', validate: { required: true, maxLength: 4 } }, ['', 'a\nbcde', ' ab\n ']);

// number
one('number.cleanup', { type: 'number', id: 'n', key: 'f' }, [undefined, 12, '12', '12.50', 'abc', '', ' 7 ', '1e3', '0x10', true, null, [], {}, 'NaN', 'Infinity', '-0', 0]);
one('number.serializeToString', { type: 'number', id: 'n', key: 'f', serializeToString: true }, [12, '12.50', 'abc', 1.5, '1e3']);
one('number.default', { type: 'number', id: 'n', key: 'f', defaultValue: 5 }, [undefined, null, 'x']);
one('number.decimalDigits0', { type: 'number', id: 'n', key: 'f', decimalDigits: 0 }, [1, 1.5, '2.0', -3.25, 0]);
one('number.decimalDigits1', { type: 'number', id: 'n', key: 'f', decimalDigits: 1 }, [1.5, 1.55, 0.05]);
one('number.decimalDigits2', { type: 'number', id: 'n', key: 'f', decimalDigits: 2 }, [1.555, 1.5, 1e-7, 123.456]);
one('number.increment', { type: 'number', id: 'n', key: 'f', increment: '0.5' }, [1, 1.5, 1.7, -1.7, 0]);
one('number.incrementInt', { type: 'number', id: 'n', key: 'f', increment: 5 }, [10, 12, -12, 0.1]);
one('number.incrementAndDigits', { type: 'number', id: 'n', key: 'f', increment: '0.25', decimalDigits: 1 }, [1.3, 1.25, 1.75]);
one('number.minMax', { type: 'number', id: 'n', key: 'f', validate: { min: 1, max: 10 } }, [0, 1, 10, 11, -5, 5.5, undefined]);
one('number.minZero', { type: 'number', id: 'n', key: 'f', validate: { min: 0, max: 0 } }, [-1, 1, 0]);
one('number.minMaxStrings', { type: 'number', id: 'n', key: 'f', validate: { min: '2.5', max: '1e2' } }, [2, 101, 50]);
one('number.minBad', { type: 'number', id: 'n', key: 'f', validate: { min: 'abc', max: 'x' } }, [5, undefined]);
one('number.required', { type: 'number', id: 'n', key: 'f', validate: { required: true } }, [undefined, 0, 'x', 3]);
one('number.requiredString', { type: 'number', id: 'n', key: 'f', serializeToString: true, validate: { required: true, min: 3 } }, [undefined, '0', '2', '5']);

// checkbox
one('checkbox.cleanup', { type: 'checkbox', id: 'c', key: 'f' }, [undefined, true, false, 'true', 1, null, {}]);
one('checkbox.default', { type: 'checkbox', id: 'c', key: 'f', defaultValue: true }, [undefined, false]);
one('checkbox.required', { type: 'checkbox', id: 'c', key: 'f', validate: { required: true } }, [undefined, false, true]);

// selections
const values = [{ label: 'One', value: 'one' }, { label: 'Two', value: 'two' }, { label: 'Num', value: 3 }, { label: 'Bool', value: false }];
for (const type of ['radio', 'select']) {
  one(`${type}.cleanup`, { type, id: 's', key: 'f', values }, [undefined, 'one', 'three', 3, '3', false, 'false', null, ['one'], { value: 'one' }]);
  one(`${type}.required`, { type, id: 's', key: 'f', values, validate: { required: true } }, [undefined, 'one', 'nope', false]);
  one(`${type}.default`, { type, id: 's', key: 'f', values, defaultValue: 'two' }, [undefined, 'one', 'bad']);
  add(`${type}.valuesKey#0`, [{ type, id: 's', key: 'f', valuesKey: 'opts' }], { f: 'b', opts: ['a', 'b'] });
  add(`${type}.valuesKey#1`, [{ type, id: 's', key: 'f', valuesKey: 'opts' }], { f: 'c', opts: [{ label: 'A', value: 'a' }, 'c'] });
  add(`${type}.valuesKey#2`, [{ type, id: 's', key: 'f', valuesKey: 'opts' }], { f: 'c' });
  add(`${type}.valuesKey#3`, [{ type, id: 's', key: 'f', valuesKey: 'opts' }], { f: 'c', opts: 'c' });
  add(`${type}.noOptions#0`, [{ type, id: 's', key: 'f' }], { f: 'value' });
  add(`${type}.objectValues#0`, [{ type, id: 's', key: 'f', values: [{ label: 'O', value: { a: 1, b: [2] } }] }], { f: { b: [2], a: 1 } });
  add(`${type}.emptyValueOption#0`, [{ type, id: 's', key: 'f', values: [{ label: 'Empty', value: '' }, { label: 'Zero', value: 0 }] }], { f: '' });
  add(`${type}.emptyValueOption#1`, [{ type, id: 's', key: 'f', values: [{ label: 'Empty', value: '' }, { label: 'Zero', value: 0 }] }], { f: 0 });
}
for (const type of ['checklist', 'taglist']) {
  one(`${type}.cleanup`, { type, id: 'm', key: 'f', values }, [undefined, ['one', 'three', 3, '3', false], [], 'one', null, ['one', 'one'], [{ value: 'one' }]]);
  one(`${type}.required`, { type, id: 'm', key: 'f', values, validate: { required: true } }, [undefined, [], ['bad'], ['two']]);
  one(`${type}.default`, { type, id: 'm', key: 'f', values, defaultValue: ['two'] }, [undefined, ['one']]);
  add(`${type}.valuesKey#0`, [{ type, id: 'm', key: 'f', valuesKey: 'opts' }], { f: ['a', 'x'], opts: ['a', 'b'] });
}

// datetime
one('datetime.date', { type: 'datetime', id: 'd', key: 'f', subtype: 'date' }, [undefined, '2024-01-31', '2024-02-30', '2024-13-01', '2024-1-5', '2024-01', '2024-01-31T10:00', 20240131, 'abc', null]);
one('datetime.time', { type: 'datetime', id: 'd', key: 'f', subtype: 'time' }, ['10:30', '23:59', '24:00', '25:00', '10:61', '10:30Z', '10:30+02:00', '10:30-05:00', '10', 'ab', '']);
one('datetime.datetime', { type: 'datetime', id: 'd', key: 'f', subtype: 'datetime' }, ['2024-01-31T10:30', '2024-01-31T10:30:00Z', '2024-01-31T10:30+02:00', '2024-01-31', '2024-01-31T25:00', 'x']);
one('datetime.required', { type: 'datetime', id: 'd', key: 'f', subtype: 'date', validate: { required: true } }, [undefined, 'bad', '2024-01-01']);

// filepicker, expression (no FEEL)
one('filepicker.cleanup', { type: 'filepicker', id: 'fp', key: 'f' }, [undefined, 'files::1', 12, null]);
one('filepicker.required', { type: 'filepicker', id: 'fp', key: 'f', validate: { required: true } }, [undefined, 'files::1']);

// display / action types carry no data
add('display.all#0', [
  { type: 'text', id: 'x1', text: 'Hello' },
  { type: 'html', id: 'x2', content: '<b>hi</b>' },
  { type: 'image', id: 'x3', source: 'https://example.com/a.png' },
  { type: 'button', id: 'x4', action: 'submit', label: 'Go' },
  { type: 'spacer', id: 'x5', height: 60 },
  { type: 'separator', id: 'x6' },
  { type: 'iframe', id: 'x7', url: 'https://example.com', label: 'f' },
  { type: 'table', id: 'x8', label: 't', dataSource: 'rows', columns: [{ label: 'A', key: 'a' }] },
  { type: 'documentPreview', id: 'x9', label: 'd', dataSource: 'docs' },
  { type: 'textfield', id: 't', key: 'name' },
], { name: 'n', rows: [{ a: 1 }], docs: [], other: 1 });

// disabled / readonly / hidden
add('disabled#0', [{ type: 'textfield', id: 't', key: 'f', disabled: true, validate: { required: true } }, { type: 'number', id: 'n', key: 'g' }], { f: '', g: 1 });
add('disabled#1', [{ type: 'number', id: 'n', key: 'g', disabled: true, decimalDigits: 0 }], { g: 1.5 });
add('readonly#0', [{ type: 'textfield', id: 't', key: 'f', readonly: true, validate: { required: true } }], { f: '' });
add('readonly#1', [{ type: 'textfield', id: 't', key: 'f', readonly: true, validate: { minLength: 4 } }], { f: 'abc' });
add('hidden.true#0', [{ type: 'textfield', id: 't', key: 'f', conditional: { hide: '=true' }, validate: { required: true } }, { type: 'textfield', id: 'u', key: 'g' }], { f: '', g: 'x' });
add('hidden.false#0', [{ type: 'textfield', id: 't', key: 'f', conditional: { hide: '=false' }, validate: { required: true } }], { f: '' });
add('hidden.literal#0', [{ type: 'textfield', id: 't', key: 'f', conditional: { hide: 'true' }, validate: { required: true } }], { f: '' });
add('hidden.group#0', [{ type: 'group', id: 'g', path: 'p', conditional: { hide: '=true' }, components: [{ type: 'textfield', id: 't', key: 'f', validate: { required: true } }] }], { p: { f: '' } });
add('hidden.list#0', [{ type: 'dynamiclist', id: 'l', path: 'items', isRepeating: true, conditional: { hide: '=true' }, components: [{ type: 'textfield', id: 't', key: 'f', validate: { required: true } }] }], { items: [{ f: '' }] });

// paths
add('group.noPath#0', [{ type: 'group', id: 'g', components: [{ type: 'textfield', id: 't', key: 'f', validate: { required: true } }] }], { f: 'x', g: 1 });
add('group.path#0', [{ type: 'group', id: 'g', path: 'a.b', components: [{ type: 'textfield', id: 't', key: 'f', validate: { required: true } }, { type: 'number', id: 'n', key: 'c.d' }] }], { a: { b: { c: { d: '4' } } } });
add('group.path#1', [{ type: 'group', id: 'g', path: 'a', components: [{ type: 'group', id: 'g2', path: 'b', components: [{ type: 'checkbox', id: 'c', key: 'x' }] }, { type: 'group', id: 'g3', components: [{ type: 'textfield', id: 't', key: 'y' }] }] }], { a: 'notAnObject' });
add('dotted#0', [{ type: 'textfield', id: 't1', key: 'a.b' }, { type: 'textfield', id: 't2', key: 'a.c.d', validate: { required: true } }], { a: { b: 5, e: 1 } });
add('dotted#1', [{ type: 'textfield', id: 't1', key: 'a.b' }], { 'a.b': 'flat' });

// dynamic lists
const list = (extra, components) => ({ type: 'dynamiclist', id: 'l', path: 'items', isRepeating: true, ...extra, components });
const itemFields = [{ type: 'textfield', id: 'name', key: 'name', validate: { required: true } }, { type: 'number', id: 'qty', key: 'qty', validate: { min: 1 } }];
add('list.missing#0', [list({}, itemFields)], {});
add('list.missing#1', [list({ defaultRepetitions: 3 }, itemFields)], {});
add('list.missing#2', [list({ defaultRepetitions: 0 }, itemFields)], {});
add('list.items#0', [list({}, itemFields)], { items: [{ name: 'a', qty: 2 }, { name: '', qty: 0 }, { name: 'b', qty: '5', extra: 1 }, { qty: 'x' }] });
add('list.items#1', [list({}, itemFields)], { items: [1, 'x', null, { name: 'ok', qty: 3 }] });
add('list.items#2', [list({}, itemFields)], { items: 'notAList' });
add('list.items#3', [list({}, itemFields)], { items: [] });
add('list.notRepeating#0', [list({ isRepeating: false }, itemFields)], { items: { name: '', qty: 2 } });
add('list.nested#0', [list({}, [{ type: 'dynamiclist', id: 'inner', path: 'sub', isRepeating: true, components: [{ type: 'textfield', id: 'v', key: 'v', validate: { required: true } }] }])], { items: [{ sub: [{ v: 'a' }, { v: '' }] }, { sub: [{ v: '' }] }] });
add('list.groupInside#0', [list({}, [{ type: 'group', id: 'gg', path: 'g', components: [{ type: 'textfield', id: 'v', key: 'v', validate: { required: true } }] }])], { items: [{ g: { v: '' } }] });
add('list.inGroup#0', [{ type: 'group', id: 'g', path: 'outer', components: [list({}, [{ type: 'checkbox', id: 'c', key: 'c', validate: { required: true } }])] }], { outer: { items: [{ c: true }, { c: false }] } });
add('list.disabledChild#0', [list({}, [{ type: 'textfield', id: 'v', key: 'v', disabled: true, validate: { required: true } }, { type: 'textfield', id: 'w', key: 'w' }])], { items: [{ v: '', w: 'a' }] });

// schema errors
add('schema.duplicateId#0', [{ type: 'textfield', id: 't', key: 'a' }, { type: 'textfield', id: 't', key: 'b' }], {});
add('schema.duplicateKey#0', [{ type: 'textfield', id: 't1', key: 'a' }, { type: 'number', id: 't2', key: 'a' }], {});
add('schema.keyPrefix#0', [{ type: 'textfield', id: 't1', key: 'a' }, { type: 'number', id: 't2', key: 'a.b' }], {});
add('schema.keyPrefix#1', [{ type: 'textfield', id: 't1', key: 'a.b' }, { type: 'number', id: 't2', key: 'a' }], {});
add('schema.groupPathVsKey#0', [{ type: 'group', id: 'g', path: 'a', components: [{ type: 'textfield', id: 't1', key: 'b' }] }, { type: 'textfield', id: 't2', key: 'a.b' }], {});
add('schema.groupPathShared#0', [{ type: 'group', id: 'g', path: 'a', components: [{ type: 'textfield', id: 't1', key: 'b' }] }, { type: 'group', id: 'g2', path: 'a', components: [{ type: 'textfield', id: 't2', key: 'c' }] }], {});
add('schema.listPathShared#0', [list({}, [{ type: 'textfield', id: 't1', key: 'b' }]), { type: 'textfield', id: 't2', key: 'items.c' }], {});
add('schema.unknownType#0', [{ type: 'fancy', id: 'z', key: 'z' }], {});

// a 20-field mixed form
const mixed = [];
for (let i = 0; i < 4; i++) {
  mixed.push({ type: 'textfield', id: `tf${i}`, key: `tf${i}`, validate: { required: true, minLength: 2, maxLength: 20 } });
  mixed.push({ type: 'number', id: `nb${i}`, key: `nb${i}`, decimalDigits: 2, validate: { min: 0, max: 1000 } });
  mixed.push({ type: 'select', id: `sl${i}`, key: `sl${i}`, values, validate: { required: true } });
  mixed.push({ type: 'checkbox', id: `cb${i}`, key: `cb${i}` });
  mixed.push({ type: 'textfield', id: `em${i}`, key: `em${i}`, validate: { validationType: 'email' } });
}
const mixedData = {};
for (let i = 0; i < 4; i++) Object.assign(mixedData, { [`tf${i}`]: i ? 'hello' : 'h', [`nb${i}`]: i * 10.5, [`sl${i}`]: i % 2 ? 'one' : 'bad', [`cb${i}`]: i % 2 === 0, [`em${i}`]: i ? 'a@b.de' : 'bad' });
add('mixed20#0', mixed, mixedData);

process.stdout.write(JSON.stringify(cases));
