// RFC 8785 canonical JSON: the RFC's own examples, its Appendix B number table, and the
// values we refuse to sign because JSON cannot carry them faithfully.

import { describe, expect, it } from 'vitest';
import { SigningError, canonicalJson, sha256Hex } from '../../src/signing';

function float64FromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('canonicalJson follows RFC 8785', () => {
  it('serialises the sample of section 3.2.2 as section 3.2.3 shows', () => {
    const input = String.raw`{
      "numbers": [333333333.33333329, 1E30, 4.50,
                  2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }`;
    const expected = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
    expect(canonicalJson(JSON.parse(input))).toBe(expected);
  });

  it('produces the UTF-8 bytes of section 3.2.4 for that sample', () => {
    const input = {
      // biome-ignore lint/correctness/noPrecisionLoss: RFC 8785's own sample, written as the RFC writes it
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 1e-27],
      string: '€$\u000f\nA\'B"\\\\"/',
      literals: [null, true, false],
    };
    const hex = [...new TextEncoder().encode(canonicalJson(input))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join(' ');
    expect(hex).toBe(
      [
        '7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72',
        '75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a',
        '5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31',
        '65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37',
        '5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30',
        '30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d',
      ].join(' '),
    );
  });

  it('sorts property names by UTF-16 code units, as in the example of section 3.2.3', () => {
    const input = JSON.parse(String.raw`{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }`);
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("sorts nested objects and keeps array order (arrays.json of the RFC authors' test data)", () => {
    expect(canonicalJson(JSON.parse('[56, { "d": true, "10": null, "1": [ ] } ]'))).toBe(
      '[56,{"1":[],"10":null,"d":true}]',
    );
    expect(
      canonicalJson(
        JSON.parse(
          '{ "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ {"e": "yes","E": "no" } ], "A": { } }',
        ),
      ),
    ).toBe('{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{"E":"no","e":"yes"}],"A":{},"a":{}}');
  });

  // RFC 8785 Appendix B: IEEE 754 bit pattern → expected JSON text.
  const appendixB: Array<[string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'], // minus zero
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  it.each(appendixB)('serialises the number with bits %s as %s (Appendix B)', (hex, expected) => {
    expect(canonicalJson(float64FromHex(hex))).toBe(expected);
  });

  it.each([
    [1e21, '1e+21'],
    // biome-ignore lint/correctness/noPrecisionLoss: the literal that rounds is the point of the case
    [333333333.33333329, '333333333.3333333'],
    [-0, '0'],
    [5e-324, '5e-324'],
    [1e23, '1e+23'],
    [0.000001, '0.000001'],
    [1e-7, '1e-7'],
    [4.5, '4.5'],
    [2e-3, '0.002'],
  ])('serialises the literal %s as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each([
    ['NaN', float64FromHex('7fffffffffffffff')],
    ['Infinity', float64FromHex('7ff0000000000000')],
    ['-Infinity', -Infinity],
  ])('refuses %s, which Appendix B lists as an error', (_name, value) => {
    expect(() => canonicalJson({ mass: value })).toThrow(SigningError);
  });
});

describe('canonicalJson refuses what JSON cannot carry faithfully', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;

  it.each([
    ['undefined at the top', undefined, '$'],
    ['an undefined member', { batch: { note: undefined } }, '$.batch.note'],
    ['undefined in an array', [1, undefined], '$[1]'],
    // biome-ignore lint/suspicious/noSparseArray: a hole is what this case refuses
    ['a hole in a sparse array', [1, , 3], '$[1]'],
    ['NaN', { lots: [{ kg: Number.NaN }] }, '$.lots[0].kg'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a bigint', { n: 10n }, '$.n'],
    ['a symbol', { s: Symbol('x') }, '$.s'],
    ['a Date (sign an ISO string instead)', { at: new Date(0) }, '$.at'],
    ['a Map', { m: new Map() }, '$.m'],
    ['a cycle', cyclic, '$.self'],
    ['a lone surrogate in a string', { s: 'a\ud800b' }, '$.s'],
    ['a lone surrogate in a property name', { 'x\udc00': 1 }, '$["x\\udc00"]'],
  ])('refuses %s, naming where it is', (_name, value, path) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SigningError);
    expect(caught).toMatchObject({ code: 'SIGNING_PAYLOAD_NOT_JSON', details: { path } });
  });

  it('accepts the same object referenced twice (shared, not cyclic)', () => {
    const shared = { kg: 1 };
    expect(canonicalJson({ a: shared, b: [shared] })).toBe('{"a":{"kg":1},"b":[{"kg":1}]}');
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  it('keeps well-formed surrogate pairs and non-ASCII text as they are', () => {
    expect(canonicalJson({ name: 'Mật ong rừng U Minh 🐝' })).toBe('{"name":"Mật ong rừng U Minh 🐝"}');
  });
});

describe('sha256Hex', () => {
  it('matches the FIPS 180-2 test vectors', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes text as its UTF-8 bytes', async () => {
    expect(await sha256Hex('€')).toBe(await sha256Hex(new Uint8Array([0xe2, 0x82, 0xac])));
  });
});
