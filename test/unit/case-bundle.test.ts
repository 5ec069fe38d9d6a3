/**
 * The case bundle with a real series (pancreas CT, 3 slices) through the real stores and study loader:
 * de-identified by default (no patient name or original UID in any file, the plan's UIDs remapped with the
 * images'), reopened in a fresh session on the de-identified series with its plan, comments and history.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CASE_BUNDLE_JSON, openCaseBundle, readCaseBundle, writeCaseBundle } from '../../src/app/caseBundle';
import { startPlanSync } from '../../src/app/planSync';
import { createStudyLoader } from '../../src/app/studyLoader';
import { decodeHere } from '../../src/dicom/ingest';
import { usePlanStore } from '../../src/state/planStore';
import { useStudyStore } from '../../src/state/studyStore';
import { writeBundleZip } from '../../src/training/caseBundleZip';
import { deflateBomb, makeZip } from '../hostile/bombs';
import { testDataPath } from '../testData';
import { allElements } from './deidCheck';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const NAMES = ['1-050.dcm', '1-051.dcm', '1-052.dcm'];
const originals = NAMES.map((name) => ({
  path: name,
  bytes: new Uint8Array(readFileSync(resolve(PANCREAS, name))),
}));
const loader = createStudyLoader(decodeHere);
const stopSync = startPlanSync();
afterAll(stopSync);

describe('case bundle', () => {
  it('carries the de-identified CT and the plan, and reopens with the plan on the de-identified series', async () => {
    await loader.open(
      'pancreas',
      originals.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart]) })),
    );
    const md = useStudyStore.getState().volume!.metadata;
    await expect.poll(() => usePlanStore.getState().activeCaseKey).toBe(md.seriesInstanceUid);
    const plans = usePlanStore.getState();
    plans.addTrajectory({
      entryLps: [20, 120, -150],
      targetLps: [10, 60, -150],
      procedure: 'tfesi',
      side: 'left',
    });
    expect(plans.reviewActive({ kind: 'submit', by: 'Dr P' }).ok).toBe(true);

    const written = await writeCaseBundle({ activeSeriesFiles: () => originals });
    if (!written.ok) throw new Error(written.error);
    expect(written.value.removed).toContain("Patient's Name: emptied (3)");
    const read = readCaseBundle(written.value.bytes);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.json.deidentified).toBe(true);
    expect(read.value.dicomFiles).toHaveLength(3);
    const originalValues = new Set(
      originals.flatMap((f) =>
        allElements(f.bytes)
          .filter((e) => ['PN', 'UI', 'DA'].includes(e.vr))
          .flatMap((e) => e.values),
      ),
    );
    // Well-known UIDs (SOP class, transfer syntax: PS3.6 Annex A) identify nothing.
    for (const v of originalValues) if (v.startsWith('1.2.840.10008.')) originalValues.delete(v);
    for (const f of read.value.dicomFiles)
      for (const e of allElements(f.bytes))
        for (const v of e.values) expect(originalValues.has(v), `${e.tag} ${v}`).toBe(false);
    const plan = read.value.plan;
    expect(plan.seriesInstanceUid).not.toBe(md.seriesInstanceUid);
    expect(plan.caseKey).toBe(plan.seriesInstanceUid);
    expect(plan.review?.status).toBe('ready');

    // A fresh session (the reviewer): close, open the bundle.
    useStudyStore.getState().close();
    const opened = await openCaseBundle(written.value.bytes, {
      openFiles: (name, files) => loader.open(name, files),
      openDemo: () => {
        throw new Error('not the demo');
      },
    });
    if (!opened.ok) throw new Error(opened.error);
    expect(useStudyStore.getState().volume?.metadata.seriesInstanceUid).toBe(plan.seriesInstanceUid);
    expect(useStudyStore.getState().volume?.metadata.patientName).toBe('');
    expect(opened.value.review).toEqual(plan.review);
    expect(opened.value.trajectories).toEqual(plan.trajectories);

    // A bundle whose plan names other images is answered (the attach check), never waited on.
    const json = JSON.parse(JSON.stringify(read.value.json));
    json.plan = json.plan.replaceAll(plan.seriesInstanceUid!, '1.2.3.4.5');
    const tampered = writeBundleZip(CASE_BUNDLE_JSON, JSON.stringify(json), read.value.dicomFiles);
    const refused = await openCaseBundle(tampered, {
      openFiles: (name, files) => loader.open(name, files),
      openDemo: () => undefined,
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(/series/);
  });

  it('refuses a deflate bomb inside a bundle by name, within the ingest limits', () => {
    const bomb = deflateBomb(1024 ** 3);
    const zip = makeZip([
      { name: CASE_BUNDLE_JSON, data: new TextEncoder().encode('{}') },
      { name: 'dicom/00001-IM.dcm', data: bomb, method: 8, declaredUncompressed: 1024 ** 3 },
    ]);
    const read = readCaseBundle(zip);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.error).toMatch(
      /^not a case bundle: the case bundle is refused: dicom\/00001-IM\.dcm.*200:1/,
    );
  });

  it('says what a wrong file is', () => {
    expect(readCaseBundle(new Uint8Array([1, 2, 3]))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^not a case bundle/),
    });
  });
});
