// The CBV 2.0 event hash: the reference implementation's worked example, and the properties the
// standard asks of it — the same event written differently (key order, time zone, identifier
// syntax, CBV words or URIs) hashes the same; any change of a value changes the hash; eventID and
// recordTime are not part of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EpcisEvent } from '../../src/domain/epcis-event';
import { canonicalTime, epcisEventHash, epcisPreHash } from '../../src/domain/epcis-event-hash';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const example = JSON.parse(fixture('epcisDocWithSingleEvent.jsonld'));
const event = example.epcisBody.eventList[0] as EpcisEvent;

/** The same JSON with every object's keys in reverse order. */
function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reordered(x)]),
    );
  return v;
}

describe('the CBV 2.0 event hash', () => {
  it("gives the reference implementation's pre-hash string and hash for its single-event example", async () => {
    expect(epcisPreHash(event, example['@context'])).toBe(fixture('epcisDocWithSingleEvent.prehashes').trim());
    expect(await epcisEventHash(event)).toBe(fixture('epcisDocWithSingleEvent.hashes').trim());
  });

  it('is the same whatever the order of keys, of list elements, and however the time zone is written', async () => {
    const expected = fixture('epcisDocWithSingleEvent.hashes').trim();
    expect(await epcisEventHash(reordered(event) as EpcisEvent)).toBe(expected);
    expect(await epcisEventHash({ ...event, epcList: [...event.epcList!].reverse() })).toBe(expected);
    // the same instant in UTC, with more fraction digits
    expect(await epcisEventHash({ ...event, eventTime: '2022-02-17T02:33:31.116999Z' })).toBe(expected);
  });

  it('is the same for a GS1 key written as an EPC URN, on id.gs1.org or on our resolver, and for CBV words or URIs', async () => {
    const expected = await epcisEventHash(event);
    const asDigitalLink: EpcisEvent = {
      ...event,
      epcList: ['https://trace.example.vn/01/10614141073464/21/2017', 'https://id.gs1.org/01/10614141073464/21/2018'],
      readPoint: { id: 'https://trace.example.vn/414/0614141073467/254/1234' },
      bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping',
      disposition: 'https://ref.gs1.org/cbv/Disp-in_transit',
      bizTransactionList: [
        { type: 'https://ref.gs1.org/cbv/BTT-po', bizTransaction: 'http://transaction.acme.com/po/12345678' },
      ],
    };
    expect(await epcisEventHash(asDigitalLink)).toBe(expected);
  });

  it('changes with any value, and not with eventID or recordTime', async () => {
    const expected = await epcisEventHash(event);
    expect(await epcisEventHash({ ...event, eventID: 'urn:uuid:1', recordTime: '2030-01-01T00:00:00Z' })).toBe(
      expected,
    );
    for (const changed of [
      { ...event, action: 'ADD' as const },
      { ...event, bizStep: 'receiving' },
      { ...event, eventTime: '2022-02-16T20:33:31.117-06:00' },
      { ...event, epcList: [event.epcList![0]!] },
      { ...event, readPoint: { id: 'urn:epc:id:sgln:0614141.07346.1235' } },
      { ...event, 'ex:note': 'x' },
    ]) {
      expect(await epcisEventHash(changed as EpcisEvent)).not.toBe(expected);
    }
  });

  it('writes extension fields with their namespace as the reference implementation does', () => {
    const withExtensions = {
      ...event,
      'example:myField1': { 'example:mySubField1': '2', 'example:mySubField2': '5' },
      'example:myField3': { 'example:mySubField3': ['3', '1'] },
    } as EpcisEvent;
    const pre = epcisPreHash(withExtensions, [{ example: 'https://ns.example.com/epcis' }]);
    // the reference implementation's pre-hash of the same fields (its ReferenceEventHashAlgorithm example)
    expect(pre).toContain(
      '{https://ns.example.com/epcis}myField1{https://ns.example.com/epcis}mySubField1=2{https://ns.example.com/epcis}mySubField2=5' +
        '{https://ns.example.com/epcis}myField3{https://ns.example.com/epcis}mySubField3=1{https://ns.example.com/epcis}mySubField3=3',
    );
    // extensions come after the standard fields
    expect(pre.indexOf('bizTransactionList')).toBeLessThan(pre.indexOf('{https://ns.example.com/epcis}'));
  });

  it('writes times in UTC to the millisecond', () => {
    expect(canonicalTime('2020-03-04T11:00:30+01:00')).toBe('2020-03-04T10:00:30.000Z');
    expect(canonicalTime('2022-02-16T20:33:31.116000-06:00')).toBe('2022-02-17T02:33:31.116Z');
  });
});
