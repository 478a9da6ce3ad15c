// Compressed GS1 Digital Link URIs, against the examples GS1 publishes with the algorithm (the
// GS1 Digital Link toolkits' test suites and the GS1 resolver's announcement of compression).
import { describe, expect, it } from 'vitest';
import { decompressDigitalLink, digitalLinkFromCompressed } from '../../src/domain/digital-link-compression';

describe('decompressing a GS1 Digital Link', () => {
  it('decodes the published examples', () => {
    // GTIN only, no optimisation
    expect(decompressDigitalLink('ARHKVAdpQg')).toEqual({ ais: [['01', '09780345418913']], other: [] });
    // the optimisation 1F (01, 10, 15) followed by 21
    expect(decompressDigitalLink('HxHKVAdpQgZzjr-hCDKigI')).toEqual({
      ais: [
        ['01', '09780345418913'],
        ['10', '231'],
        ['15', '120820'],
        ['21', '345345'],
      ],
      other: [],
    });
    // the optimisation 0C (01, 21) and a non-GS1 key=value pair, compressed too
    expect(decompressDigitalLink('DBHKVAdpQgqrCvBv0UMG21W')).toEqual({
      ais: [
        ['01', '09780345418913'],
        ['21', '43786'],
      ],
      other: [['foo', 'bar']],
    });
    // without optimisations; the uncompressed ?foo=bar stays in the query string
    expect(decompressDigitalLink('ARHKVAdpQkIKqwo')).toEqual({
      ais: [
        ['01', '09780345418913'],
        ['21', '43786'],
      ],
      other: [],
    });
    expect(decompressDigitalLink('HxHKVAdpQhCTxbrOF_yEFcx_4a2GeAh1mFOZkChg6Z8pgcEMEWpMganmIQ')).toEqual({
      ais: [
        ['01', '09780345418913'],
        ['10', '38737643'],
        ['15', '230911'],
        ['21', '58943'],
      ],
      other: [['thngId', 'U5mQKGDpnymBwQwRakyBqeYh']],
    });
    // alphanumeric lot and serial (GS1 Resolver CE's example)
    expect(decompressDigitalLink('AQnO2IRCICDKWcnpqQtCQiJABemo')).toEqual({
      ais: [
        ['01', '05392000229648'],
        ['10', 'LOT01'],
        ['21', 'SERIAL01'],
      ],
      other: [],
    });
  });

  it('turns what it decodes into the resolver’s path, qualifiers in their order and attributes left out', () => {
    expect(digitalLinkFromCompressed('HxHKVAdpQgZzjr-hCDKigI')).toEqual({
      link: { gtin14: '09780345418913', lot: '231', serial: '345345' },
      other: [],
    });
    expect(digitalLinkFromCompressed('AQnO2IRCICDKWcnpqQtCQiJABemo')).toEqual({
      link: { gtin14: '05392000229648', lot: 'LOT01', serial: 'SERIAL01' },
      other: [],
    });
  });

  it('is not a compressed Digital Link unless it decodes cleanly to a GTIN', () => {
    for (const word of ['models', 'healthz', 'organizations', 'AAAAAAAAAAAAAAAA', 'not base64!', ''])
      expect(digitalLinkFromCompressed(word), word).toBeNull();
    // cut short: the GTIN's bits run out
    expect(digitalLinkFromCompressed('ARHKVAdp')).toBeNull();
  });

  it('reports a GTIN with a wrong check digit as a problem, not as something else', () => {
    // 09780345418913 with its last digit changed, compressed the same way
    const bits = `00000001${(9780345418914).toString(2).padStart(47, '0')}`.padEnd(60, '0');
    const b64 = [...bits.match(/.{6}/g)!]
      .map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[Number.parseInt(b, 2)])
      .join('');
    expect(digitalLinkFromCompressed(b64)).toEqual({ problem: 'the GTIN check digit is wrong' });
  });
});
