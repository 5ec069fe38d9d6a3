import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dicomParser } from '../../src/dicom/parse/dicomParserLib';
import { formatDs, positionInCopy, rewriteStringElements, stackedUid } from '../bench/lib/stackSeries';
import { testDataPath } from '../testData';

describe('bench series stacking (scale stage)', () => {
  it('continues the stack one whole length further per copy', () => {
    expect(positionInCopy([-275, -178.1, 85.91], [0, 0, 3], 134, 0)).toEqual([-275, -178.1, 85.91]);
    expect(positionInCopy([-275, -178.1, 85.91], [0, 0, 3], 134, 2)[2]).toBeCloseTo(85.91 + 804, 6);
  });

  it('makes UIDs of the requested length, distinct per copy and slice', () => {
    const uids = new Set<string>();
    for (let copy = 0; copy < 9; copy++)
      for (let slice = 0; slice < 134; slice++) {
        const uid = stackedUid(64, 2, copy, slice);
        expect(uid).toHaveLength(64);
        expect(uid).toMatch(/^2\.25\.[1-9][0-9]*$/);
        uids.add(uid);
      }
    expect(uids.size).toBe(9 * 134);
  });

  it('writes DS values of at most 16 characters', () => {
    expect(formatDs([-275, -178.1, 485.91])).toBe('-275\\-178.1\\485.91');
    expect(formatDs([1 / 3])).toBe('0.333333');
  });

  it('rewrites a real file so a parser reads the new values and the same pixels', () => {
    const dir = testDataPath('ct-series/pancreas-ct-cb001');
    const bytes = new Uint8Array(readFileSync(path.join(dir, '1-001.dcm')));
    const sopLength = dicomParser.parseDicom(bytes).elements.x00080018!.length;
    const sop = stackedUid(sopLength, 2, 3, 7);
    const out = rewriteStringElements(bytes, [
      { tag: 'x00020003', text: sop, pad: 0 },
      { tag: 'x00080018', text: sop, pad: 0 },
      { tag: 'x00200032', text: formatDs([-275, -178.1, 1690.91]), pad: 0x20 },
      { tag: 'x00200013', text: '410', pad: 0x20 },
    ]);
    const before = dicomParser.parseDicom(bytes);
    const after = dicomParser.parseDicom(out);
    expect(after.string('x00080018')).toBe(sop);
    expect(after.string('x00020003')).toBe(sop);
    expect(after.string('x00200032')).toBe('-275\\-178.1\\1690.91');
    expect(after.intString('x00200013')).toBe(410);
    const pixels = (ds: typeof before, b: Uint8Array) => {
      const e = ds.elements.x7fe00010!;
      return b.subarray(e.dataOffset, e.dataOffset + e.length);
    };
    expect(Buffer.from(pixels(after, out)).equals(Buffer.from(pixels(before, bytes)))).toBe(true);
  });
});
