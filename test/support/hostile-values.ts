/** Thrown values that break naive error handling, each with what its reason starts with. */
export function hostileValues(): [string, unknown, RegExp][] {
  const throwing = (): never => {
    throw new Error('no reading me');
  };
  const badMessage = new Error('hidden');
  Object.defineProperty(badMessage, 'message', { get: throwing });
  const badStack = new Error('visible');
  Object.defineProperty(badStack, 'stack', { get: throwing });
  const badName = new Error('named');
  Object.defineProperty(badName, 'name', { get: throwing });
  const badStrings = { toString: throwing, toJSON: throwing };
  const trapAll = new Proxy(
    {},
    { get: throwing, getPrototypeOf: throwing, ownKeys: throwing, has: throwing },
  );
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  const badCause = new Error('outer');
  Object.defineProperty(badCause, 'cause', { get: throwing });
  return [
    [
      'an Error whose message getter throws',
      badMessage,
      /^Error \(its message could not be read\)$/,
    ],
    ['an Error whose stack getter throws', badStack, /^Error: visible$/],
    ['an Error whose name getter throws', badName, /^Error: named$/],
    [
      'an object whose toString and toJSON throw',
      badStrings,
      /^Non-error thrown: \[object Object\]$/,
    ],
    [
      'a Proxy whose every trap throws',
      trapAll,
      /^Non-error thrown: \(a value that could not be read\)$/,
    ],
    ['a revoked Proxy', revocable.proxy, /^Non-error thrown: \(a value that could not be read\)$/],
    ['null', null, /^Non-error thrown: null$/],
    ['undefined', undefined, /^Non-error thrown: undefined$/],
    ['a Symbol', Symbol('odd'), /^Non-error thrown: Symbol\(odd\)$/],
    ['a function', function thrower() {}, /^Non-error thrown: \[function thrower\]$/],
    ['an Error whose cause getter throws', badCause, /^Error: outer$/],
  ];
}
