import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { unzipPackage } from '../../src/app/trainingPackageIo';
import { readTrainingPackage } from '../../src/training/package';
import { deflateBomb, makeZip } from '../hostile/bombs';

const GB = 1024 ** 3;
const json = strToU8(JSON.stringify({ format: 'spineplan-training' }));

describe('training packages are read within the ingest size limits (issue 24 class 3)', () => {
  it('a deflate bomb inside a package is refused by name before it is inflated', () => {
    const bomb = deflateBomb(1 * GB);
    const zip = makeZip([
      { name: 'spineplan-training.json', data: json },
      { name: 'dicom/CT0001.dcm', data: bomb, method: 8, declaredUncompressed: 1 * GB },
    ]);
    const before = process.memoryUsage().rss;
    const read = readTrainingPackage(zip, unzipPackage);
    const grownBytes = process.memoryUsage().rss - before;
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.error).toMatch(/^the training package is refused: dicom\/CT0001\.dcm/);
      expect(read.error).toMatch(/200:1/);
    }
    // Bounded as a ratio to the file's real size (~1 MB): nothing near the 1 GB it claims was made.
    expect(grownBytes / zip.length).toBeLessThan(100);
  });

  it('an entry whose header lies about its size stops at the declared size', () => {
    const bomb = deflateBomb(64 * 1024 * 1024);
    const zip = makeZip([
      { name: 'spineplan-training.json', data: json },
      { name: 'dicom/CT0001.dcm', data: bomb, method: 8, declaredUncompressed: 1024 },
    ]);
    const read = readTrainingPackage(zip, unzipPackage);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(/dicom\/CT0001\.dcm.*inflates to more/);
  });
});
