namespace Ocap.Workflow.Sandbox.Realm;

/// <summary>
/// The JavaScript that turns a fresh Jint engine into a locked-down realm, run once per pooled engine before any tenant
/// code. It is a function of one argument, the host hooks (<see cref="SandboxRealm"/> builds them), and returns
/// <c>harden</c>. Written in JavaScript so that it states SES's semantics in SES's own terms.
/// </summary>
internal static class LockdownScript
{
    public const string Source = """
(function lockdown(host) {
  'use strict';
  const { freeze, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, setPrototypeOf, isFrozen } = Object;
  const { ownKeys, apply, construct } = Reflect;
  const hasOwn = Object.hasOwn;
  const g = globalThis;

  // 1. Remove what is not part of the contract. ShadowRealm would hand out a second, unfrozen set of intrinsics;
  //    WeakRef and FinalizationRegistry make garbage collection observable (and decisions unreplayable);
  //    Atomics.wait blocks the host thread; Temporal.Now and Intl read ambient host clocks and locales.
  //    Generator, TypedArray and AsyncIterator are engine-specific globals that SES would not expose either.
  for (const name of ['ShadowRealm', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'Temporal',
    'Intl', 'Generator', 'TypedArray', 'AsyncIterator', 'toString']) {
    delete g[name];
  }
  // Legacy RegExp statics (RegExp.$1, RegExp.lastMatch …) would carry the last match from one evaluation to the next.
  for (const key of ownKeys(RegExp)) {
    if (typeof key === 'string' && (key[0] === '$' || ['input', 'lastMatch', 'lastParen', 'leftContext', 'rightContext'].includes(key))) {
      delete RegExp[key];
    }
  }

  // 2. Host time and randomness: recorded (or refused) by the host, per evaluation.
  const OriginalDate = g.Date;
  const TamedDate = {
    Date: function (...args) {
      if (new.target === undefined) {
        return apply(OriginalDate.prototype.toString, construct(OriginalDate, [host.now()]), []);
      }
      return construct(OriginalDate, args.length === 0 ? [host.now()] : args, new.target === TamedDate ? OriginalDate : new.target);
    },
  }.Date;
  defineProperty(TamedDate, 'prototype', { value: OriginalDate.prototype, writable: false, enumerable: false, configurable: false });
  defineProperty(TamedDate, 'length', { value: 7, configurable: true });
  defineProperty(OriginalDate.prototype, 'constructor', { value: TamedDate, writable: true, enumerable: false, configurable: true });
  defineProperty(TamedDate, 'now', { value: { now() { return host.now(); } }.now, writable: true, enumerable: false, configurable: true });
  defineProperty(TamedDate, 'parse', { value: OriginalDate.parse, writable: true, enumerable: false, configurable: true });
  defineProperty(TamedDate, 'UTC', { value: OriginalDate.UTC, writable: true, enumerable: false, configurable: true });
  defineProperty(g, 'Date', { value: TamedDate, writable: true, enumerable: false, configurable: true });
  defineProperty(Math, 'random', { value: { random() { return host.random(); } }.random, writable: true, enumerable: false, configurable: true });

  // 3. Built-ins that can allocate far past the memory limit in a single call check their output size first.
  const maxString = host.maxStringLength;
  const maxBytes = host.maxArrayLength;
  const toInteger = (v) => { const n = +v; return n !== n ? 0 : (n === Infinity || n === -Infinity) ? n : Math.trunc(n); };
  const strOf = (self, method) => {
    if (self === null || self === undefined) {
      throw new TypeError(`String.prototype.${method} called on null or undefined`);
    }
    return `${self}`;
  };
  const { repeat, padStart, padEnd, concat } = String.prototype;
  const bounded = {
    repeat(count) {
      const s = strOf(this, 'repeat');
      const n = toInteger(count);
      if (n > 0 && s.length * n > maxString) { host.limit('String.prototype.repeat would build a string longer than the limit'); }
      return apply(repeat, s, [n]);
    },
    padStart(maxLength, fillString) {
      const s = strOf(this, 'padStart');
      const n = toInteger(maxLength);
      if (n > maxString && n > s.length) { host.limit('String.prototype.padStart would build a string longer than the limit'); }
      return apply(padStart, s, [n, fillString]);
    },
    padEnd(maxLength, fillString) {
      const s = strOf(this, 'padEnd');
      const n = toInteger(maxLength);
      if (n > maxString && n > s.length) { host.limit('String.prototype.padEnd would build a string longer than the limit'); }
      return apply(padEnd, s, [n, fillString]);
    },
    concat(...parts) {
      let total = strOf(this, 'concat');
      const strings = [];
      let length = total.length;
      for (const part of parts) {
        const text = `${part}`;
        length += text.length;
        if (length > maxString) { host.limit('String.prototype.concat would build a string longer than the limit'); }
        strings.push(text);
      }
      return apply(concat, total, strings);
    },
  };
  for (const name of ['repeat', 'padStart', 'padEnd', 'concat']) {
    defineProperty(String.prototype, name, { value: bounded[name], writable: true, enumerable: false, configurable: true });
  }
  defineProperty(Array.prototype, 'join', { value: host.join, writable: true, enumerable: false, configurable: true });
  const { stringify } = JSON;
  defineProperty(JSON, 'stringify', {
    value: { stringify(value, replacer, space) { return host.checkString(apply(stringify, JSON, [value, replacer, space])); } }.stringify,
    writable: true, enumerable: false, configurable: true,
  });

  // Buffers and typed arrays allocate their whole length up front: bound it before they do.
  const TypedArray = getPrototypeOf(Int8Array);
  const boundBytes = (length, perElement, what) => {
    const n = toInteger(length);
    if (n * perElement > maxBytes) { host.limit(`${what} would allocate more than the limit`); }
  };
  const tameConstructor = (Original, check) => {
    const name = Original.name;
    const Tamed = {
      [name]: function (...args) {
        if (new.target === undefined) { throw new TypeError(`Constructor ${name} requires 'new'`); }
        check(args);
        return construct(Original, args, new.target === Tamed ? Original : new.target);
      },
    }[name];
    for (const key of ownKeys(Original)) {
      if (key !== 'prototype' && key !== 'name' && key !== 'length') {
        defineProperty(Tamed, key, getOwnPropertyDescriptor(Original, key));
      }
    }
    defineProperty(Tamed, 'prototype', { value: Original.prototype, writable: false, enumerable: false, configurable: false });
    defineProperty(Tamed, 'length', { value: Original.length, configurable: true });
    setPrototypeOf(Tamed, getPrototypeOf(Original));
    defineProperty(Original.prototype, 'constructor', { value: Tamed, writable: true, enumerable: false, configurable: true });
    defineProperty(g, name, { value: Tamed, writable: true, enumerable: false, configurable: true });
    return Tamed;
  };
  tameConstructor(ArrayBuffer, (args) => {
    boundBytes(args[0], 1, 'ArrayBuffer');
    if (args[1] !== null && typeof args[1] === 'object' && 'maxByteLength' in args[1]) { boundBytes(args[1].maxByteLength, 1, 'ArrayBuffer'); }
  });
  for (const T of [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    Float16Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array]) {
    const perElement = T.BYTES_PER_ELEMENT;
    tameConstructor(T, (args) => {
      const first = args[0];
      if (typeof first !== 'object' || first === null) { boundBytes(first, perElement, T.name); }
      else if (!(first instanceof ArrayBuffer) && 'length' in first) { boundBytes(first.length, perElement, T.name); }
    });
  }

  // 4. harden: transitive freeze along own properties (data and accessors) and prototypes; idempotent.
  const hardened = new WeakSet();
  const harden = {
    harden(root) {
      if (Object(root) !== root) { return root; }
      const pending = [root];
      const seen = new Set();
      while (pending.length > 0) {
        const value = pending.pop();
        if (Object(value) !== value || hardened.has(value) || seen.has(value)) { continue; }
        seen.add(value);
        freeze(value);
        pending.push(getPrototypeOf(value));
        for (const key of ownKeys(value)) {
          const desc = getOwnPropertyDescriptor(value, key);
          if (desc === undefined) { continue; }
          if (hasOwn(desc, 'value')) { pending.push(desc.value); } else { pending.push(desc.get, desc.set); }
        }
      }
      for (const value of seen) { hardened.add(value); }
      return root;
    },
  }.harden;
  defineProperty(g, 'harden', { value: harden, writable: true, enumerable: false, configurable: true });

  // 5. Override taming, as SES's default ('moderate'): on these prototypes a data property becomes an accessor whose
  //    setter defines an own property on the object assigned to, so `err.name = 'X'` and `obj.toString = fn` work
  //    after the prototype is frozen, while assigning on the prototype itself still throws.
  const ThrowTypeError = getOwnPropertyDescriptor((function () { 'use strict'; return arguments; })(), 'callee').get;
  const IteratorPrototype = getPrototypeOf(getPrototypeOf([][Symbol.iterator]()));
  const GeneratorFunction = getPrototypeOf(function* () {}).constructor;
  const AsyncFunction = getPrototypeOf(async function () {}).constructor;
  const AsyncGeneratorFunction = getPrototypeOf(async function* () {}).constructor;
  const enableOverride = (obj, path, key) => {
    const desc = getOwnPropertyDescriptor(obj, key);
    if (desc === undefined || !hasOwn(desc, 'value') || !desc.configurable) { return; }
    const value = desc.value;
    const label = typeof key === 'symbol' ? key.toString() : key;
    const accessors = {
      get [label]() { return value; },
      set [label](newValue) {
        if (this === obj) { throw new TypeError(`Cannot assign to read only property '${label}' of '${path}'`); }
        if (hasOwn(this, key)) { this[key] = newValue; } else {
          defineProperty(this, key, { value: newValue, writable: true, enumerable: true, configurable: true });
        }
      },
    };
    const pair = getOwnPropertyDescriptor(accessors, label);
    defineProperty(obj, key, { get: pair.get, set: pair.set, enumerable: desc.enumerable, configurable: false });
  };
  const enableAll = (obj, path) => { for (const key of ownKeys(obj)) { enableOverride(obj, path, key); } };
  const enableSome = (obj, path, keys) => { for (const key of keys) { enableOverride(obj, path, key); } };
  enableAll(Object.prototype, 'Object.prototype');
  enableAll(Array.prototype, 'Array.prototype');
  enableAll(TypedArray.prototype, '%TypedArray%.prototype');
  enableAll(IteratorPrototype, '%IteratorPrototype%');
  enableSome(Function.prototype, 'Function.prototype', ['constructor', 'bind', 'name', 'toString']);
  enableSome(Error.prototype, 'Error.prototype', ['constructor', 'message', 'name', 'toString']);
  enableSome(TypeError.prototype, 'TypeError.prototype', ['constructor', 'message', 'name']);
  for (const E of [SyntaxError, RangeError, URIError, EvalError, ReferenceError]) {
    enableSome(E.prototype, `${E.name}.prototype`, ['message']);
  }
  enableSome(Promise.prototype, 'Promise.prototype', ['constructor']);
  enableSome(GeneratorFunction.prototype, '%Generator%', ['constructor', 'name', 'toString']);

  // 6. Freeze every intrinsic reachable from the global object, plus those reachable only through syntax.
  const hidden = [
    ThrowTypeError, IteratorPrototype, GeneratorFunction, AsyncFunction, AsyncGeneratorFunction, TypedArray,
    OriginalDate,
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(''[Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()),
    getPrototypeOf('a'.matchAll(/a/g)),
    getPrototypeOf((function* () {})()),
    getPrototypeOf((async function* () {})()),
    getPrototypeOf(getPrototypeOf(async function* () {}).prototype),
  ];
  if (typeof Iterator === 'function') {
    hidden.push(getPrototypeOf([].values().map((x) => x)));
    hidden.push(getPrototypeOf(Iterator.from({ next() { return { done: true, value: undefined }; } })));
  }
  harden(hidden);
  harden(g);
  return harden;
})
""";
}
