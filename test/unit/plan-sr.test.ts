/**
 * The plan as a Comprehensive 3D SR (issue 21): written by our writer, checked by three independent readers
 * (dicom3tools' dciodvfy, dcmtk's dsrdump, pydicom) and read back by our own reader into the plan stored.
 * Plans: every procedure template on every side it allows at its first and last level (proposed on the
 * small demo phantom), the three measurement kinds, every no-go shape, names in Latin, Greek and Japanese.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { planFromSrContent } from '../../src/app/planFromSrContent';
import {
  buildPlanSr,
  type CtReference,
  ctInstancesOf,
  ctReferenceOf,
  planToSrDataset,
  SR_POINT_TOLERANCE_MM,
  srDatasetToPlan,
} from '../../src/app/planSr';
import { C, PROCEDURE_CODE_VALUES, SIDE_CODES, UNITS, VIEW_CODE_VALUES } from '../../src/app/planSrCodes';
import { planToSrContent } from '../../src/app/planToSrContent';
import type { Vec3 } from '../../src/core/vec3';
import { scanFiles } from '../../src/dicom/ingest';
import { readDataSet } from '../../src/dicom/parse/readDataSet';
import type { ContentItem } from '../../src/dicom/sr/contentTree';
import { readSrDocument } from '../../src/dicom/sr/readSrDocument';
import { buildBasicTextSr } from '../../src/dicom/write/basicTextSr';
import { buildComprehensive3dSr } from '../../src/dicom/write/comprehensive3dSr';
import type { Plan } from '../../src/planning/planFile';
import { createTrajectory, type Trajectory } from '../../src/planning/trajectory';
import type { VolumeMetadata } from '../../src/volume/volume';
import { dciodvfy, dsrdump, pydicomJson, toolFolder } from './dicom-tools';
import { planReportItems } from './legacyTextSr';
import { planDifferences as differences } from './plan-compare';
import {
  fullPlan,
  PHANTOM_UIDS,
  phantomCtFiles,
  phantomCtReference,
  templateTrajectories,
} from './plan-sr-fixtures';

const tools = toolFolder();
afterAll(() => tools.dispose());

const trajectories = templateTrajectories();
/** Three plans: all templates with Latin names; half of them with Japanese; a few with Greek. */
const CASES: { patientName: string; plan: Plan }[] = [
  { patientName: 'Müller^Zoë', plan: fullPlan(trajectories, { note: 'Zoë: prüfen', measurement: 'Müller' }) },
  {
    patientName: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
    plan: fullPlan([...trajectories.filter((_, i) => i % 2 === 1), ...oddTrajectories()], {
      note: '確認してください',
      measurement: '距離',
    }),
  },
  {
    // The demo: its plan names no study or series.
    patientName: 'Παπαδόπουλος^Νίκος',
    plan: demoPlan(fullPlan(trajectories.slice(0, 3), { note: 'έλεγχος', measurement: 'απόσταση' })),
  },
];

/** Edge cases: no name, entry on the target (no direction, no angles), no level, a level in the user's words. */
function oddTrajectories(): Trajectory[] {
  const at: Vec3 = [3.25, 40.5, -20.125];
  return [
    createTrajectory(
      'odd-1',
      { name: '', entryLps: at, targetLps: at, procedure: 'other', level: '', side: 'midline' },
      7,
    ),
    createTrajectory(
      'odd-2',
      {
        entryLps: [0, 90, 0],
        targetLps: [10, 30, 5],
        level: 'L4 (transitional, counted from T12)',
        side: 'right',
      },
      8,
    ),
  ];
}

function demoPlan(plan: Plan): Plan {
  const { studyInstanceUid: _study, seriesInstanceUid: _series, ...rest } = plan;
  return { ...rest, caseKey: 'demo' };
}

const regionStatistics = { m3: { meanHu: 80.5, sdHu: 12.25, minHu: 40, maxHu: 120, areaMm2: 113.1 } };
const srOf = (c: (typeof CASES)[number]) =>
  buildPlanSr(c.plan, phantomCtReference(c.patientName), {
    regionStatistics,
    now: new Date('2026-12-07T01:02:03Z'),
  });
const written = CASES.map((c) => ({ ...c, sr: srOf(c) }));

describe('plan as a Comprehensive 3D SR', () => {
  it('covers every procedure template, both sides and several levels', () => {
    const procedures = new Set(trajectories.map((t) => t.procedure));
    expect(procedures.size).toBe(9);
    expect(new Set(trajectories.map((t) => t.side))).toEqual(new Set(['left', 'right', 'midline']));
    expect(new Set(trajectories.map((t) => t.level)).size).toBeGreaterThanOrEqual(8);
  });

  it('reads back as the plan stored (points as 32-bit floats); the painted region is the one named loss', () => {
    for (const { plan, sr } of written) {
      const back = srDatasetToPlan(sr.bytes);
      expect(differences(back.plan, { ...plan, noGoMasks: [] })).toEqual([]);
      expect(back.frameOfReferenceUid).toBe(PHANTOM_UIDS.frameOfReference);
      expect(back.losses).toEqual([
        "1 painted no-go region ('Painted root') is not in the SR: it is in the study's Segmentation",
      ]);
    }
  });

  it('a plan without painted regions reads back with no losses', () => {
    const plan = { ...CASES[2]!.plan, noGoMasks: [] };
    const back = srDatasetToPlan(planToSrDataset(plan, phantomCtReference('A^B')));
    expect(back.losses).toEqual([]);
    expect(differences(back.plan, plan)).toEqual([]);
  });

  it('refers to the CT: its study, series, images and frame of reference, as the CT files carry them', () => {
    const doc = readSrDocument(written[0]!.sr.bytes);
    expect(doc.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.88.34');
    expect(doc.studyInstanceUid).toBe(PHANTOM_UIDS.study);
    expect(doc.patientName).toBe('Müller^Zoë');
    expect(doc.evidence).toHaveLength(1);
    const files = phantomCtFiles.map((f) => {
      const r = readDataSet(f.bytes);
      if (!r.ok) throw new Error(r.message);
      return {
        study: r.dataSet.string('x0020000d'),
        series: r.dataSet.string('x0020000e'),
        frame: r.dataSet.string('x00200052'),
        instance: r.dataSet.string('x00080018'),
      };
    });
    expect(doc.evidence[0]!.seriesInstanceUid).toBe(files[0]!.series);
    expect(doc.evidence[0]!.studyInstanceUid).toBe(files[0]!.study);
    expect(doc.evidence[0]!.instances.map((i) => i.sopInstanceUid)).toEqual(files.map((f) => f.instance));
    const scoords: string[] = [];
    const walk = (item: ContentItem) => {
      if (item.type === 'SCOORD3D') scoords.push(item.frameOfReferenceUid);
      item.children?.forEach(walk);
    };
    walk(doc.root);
    expect(scoords.length).toBeGreaterThan(trajectories.length);
    expect(new Set(scoords)).toEqual(new Set([files[0]!.frame]));
  });

  it('passes dciodvfy with no errors (warnings listed)', () => {
    for (const [i, { sr }] of written.entries()) {
      const { errors, warnings } = dciodvfy(tools.write(`plan-${i}.dcm`, sr.bytes));
      expect(errors).toEqual([]);
      // The only warning: dicom3tools does not know the local coding scheme (declared in (0008,0110)).
      expect(warnings).toEqual([
        'Warning - Unrecognized defined term <99SPINEPLAN> for value 1 of attribute <Coding Scheme Designator>',
      ]);
    }
  });

  it("dsrdump prints each trajectory's SCOORD3D points equal to the plan's LPS points, and the names", () => {
    for (const [i, { plan, sr, patientName }] of written.entries()) {
      const out = dsrdump(tools.write(`dump-${i}.dcm`, sr.bytes));
      expect(out).toContain(`Patient             : ${patientName} (#DEMO)`);
      // dcmtk checks the Comprehensive 3D SR relationship constraints (PS3.3 A.35.13.3.1) while reading:
      // no warning or error besides its VR checker not knowing UTF-8.
      const complaints = out
        .split('\n')
        .filter((l) => /^[WEF]: /.test(l) && !/Specific Character Set: ISO_IR 192/.test(l));
      expect(complaints).toEqual([]);
      const paths = [
        ...out.matchAll(/SCOORD3D:\(NEEDLE-PATH,99SPINEPLAN,"[^"]*"\)=\(POLYLINE,,([^)]*)\)/g),
      ].map((m) => m[1]!.split(',').map((p) => p.split('/').map(Number)));
      expect(paths).toHaveLength(plan.trajectories.length);
      plan.trajectories.forEach((t, k) => {
        const [entry, target] = paths[k]!;
        for (let a = 0; a < 3; a++) {
          expect(Math.abs(entry![a]! - t.entryLps[a]!)).toBeLessThan(SR_POINT_TOLERANCE_MM);
          expect(Math.abs(target![a]! - t.targetLps[a]!)).toBeLessThan(SR_POINT_TOLERANCE_MM);
        }
      });
      // An empty name is no TEXT item at all (Text Value is never empty).
      for (const t of plan.trajectories) if (t.name) expect(out).toContain(`="${t.name}"`);
    }
  });

  it('pydicom reads the same points, names and frame of reference', () => {
    type Read = {
      sopClassUid: string;
      patientName: string;
      groups: {
        trackingIdentifier: string | null;
        id: string | null;
        scoords: { concept: string; graphicType: string; frameOfReferenceUid: string; points: number[][] }[];
      }[];
    };
    for (const [i, { plan, sr, patientName }] of written.entries()) {
      const read = pydicomJson<Read>('read-sr.py', tools.write(`py-${i}.dcm`, sr.bytes));
      expect(read.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.88.34');
      expect(read.patientName).toBe(patientName);
      for (const t of plan.trajectories) {
        const g = read.groups.find((x) => x.id === t.id);
        expect(g?.trackingIdentifier ?? '').toBe(t.name);
        expect(g?.scoords).toHaveLength(1);
        const s = g!.scoords[0]!;
        expect([s.concept, s.graphicType, s.frameOfReferenceUid]).toEqual([
          'NEEDLE-PATH',
          'POLYLINE',
          PHANTOM_UIDS.frameOfReference,
        ]);
        expect(s.points).toEqual([t.entryLps.map(Math.fround), t.targetLps.map(Math.fround)]);
      }
      const distance = read.groups.find((x) => x.id === 'm1')!;
      expect(distance.trackingIdentifier).toBe(plan.measurements[0]!.name);
      expect(distance.scoords[0]!.points).toHaveLength(2);
    }
  });

  it('reads the SR after dcmtk transcodes it (implicit VR, big endian, deflated), as a PACS may', () => {
    const { plan, sr } = written[1]!;
    const source = tools.write('transcode-source.dcm', sr.bytes);
    for (const [option, name] of [
      ['+ti', 'implicit'],
      ['+tb', 'big-endian'],
      ['+td', 'deflated'],
    ] as const) {
      const target = source.replace('transcode-source.dcm', `transcoded-${name}.dcm`);
      execFileSync('dcmconv', [option, source, target]);
      const back = srDatasetToPlan(new Uint8Array(readFileSync(target)));
      expect(differences(back.plan, { ...plan, noGoMasks: [] }), name).toEqual([]);
    }
  });

  it('an SR from another system (no Spineplan items) reads back with each missing part named', () => {
    const plan = { ...CASES[0]!.plan, trajectories: trajectories.slice(0, 2), noGoMasks: [] };
    const ct = phantomCtReference('Other^System');
    const own = (item: ContentItem): boolean =>
      item.concept?.scheme !== '99SPINEPLAN' ||
      item.concept.value === 'NEEDLE-PATH' ||
      item.concept.value === 'TRAJECTORY';
    const strip = (item: ContentItem): ContentItem => ({
      ...item,
      ...(item.children ? { children: item.children.filter(own).map(strip) } : {}),
    });
    const root = strip(
      planToSrContent(plan, { ...ct, studyInstanceUid: ct.study.studyInstanceUid }),
    ) as ContentItem & {
      type: 'CONTAINER';
    };
    const bytes = buildComprehensive3dSr({
      study: ct.study,
      root,
      evidence: [{ seriesInstanceUid: ct.seriesInstanceUid, instances: ct.instances! }],
      codingSchemes: [],
      seriesDescription: 'other',
      now: new Date(),
    }).bytes;
    const back = srDatasetToPlan(bytes);
    expect(back.plan.trajectories.map((t) => [t.entryLps, t.targetLps])).toEqual(
      plan.trajectories.map((t) => [t.entryLps.map(Math.fround), t.targetLps.map(Math.fround)]),
    );
    expect(back.plan.trajectories.map((t) => [t.level, t.side])).toEqual(
      plan.trajectories.map((t) => [t.level, t.side]),
    );
    expect(back.plan.seriesInstanceUid).toBe(PHANTOM_UIDS.series);
    const name = plan.trajectories[0]!.name;
    expect(back.losses).toEqual(
      expect.arrayContaining([
        `trajectory '${name}': no Spineplan id; given 'sr-trajectory-1'`,
        `trajectory '${name}': no display colour; given #e69f00`,
        `trajectory '${name}': needle 'Spinal 22G 127 mm (5 in)' has no catalogue id; read as spinal-22g-88.9`,
        `no Spineplan case key; the plan belongs to series ${PHANTOM_UIDS.series}`,
        `measurement '${plan.measurements[0]!.name}': no Spineplan id; given 'sr-measurement-1'`,
        "no-go structure 'Mark': no Spineplan id; given 'sr-no-go-4'",
        'no clearance warning distance; 2 mm',
      ]),
    );
    expect(new Set(back.losses).size).toBe(back.losses.length);
    // Shapes without their local code: told by the graphic type and the radius.
    expect(back.plan.noGoStructures.map((s) => s.geometry.kind)).toEqual([
      'capsule',
      'sphere',
      'polyline',
      'point',
    ]);
  });

  it("reads another system's TID 1500 length: a POLYLINE under its NUM (INFERRED FROM), no Spineplan items", () => {
    const ct = phantomCtReference('Other^System');
    const root: ContentItem & { type: 'CONTAINER' } = {
      type: 'CONTAINER',
      concept: C.imagingMeasurementReport,
      children: [
        {
          type: 'CONTAINER',
          relationship: 'CONTAINS',
          concept: C.imagingMeasurements,
          children: [
            {
              type: 'CONTAINER',
              relationship: 'CONTAINS',
              concept: C.measurementGroup,
              children: [
                { type: 'TEXT', relationship: 'CONTAINS', concept: C.trackingIdentifier, text: 'Ruler 1' },
                {
                  type: 'NUM',
                  relationship: 'CONTAINS',
                  concept: C.length,
                  value: 25,
                  unit: UNITS.mm,
                  children: [
                    {
                      type: 'SCOORD3D',
                      relationship: 'INFERRED FROM',
                      graphicType: 'POLYLINE',
                      points: [0, 0, 0, 15, 20, 0],
                      frameOfReferenceUid: ct.frameOfReferenceUid,
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const bytes = buildComprehensive3dSr({
      study: ct.study,
      root,
      evidence: [{ seriesInstanceUid: ct.seriesInstanceUid, instances: ct.instances! }],
      codingSchemes: [],
      seriesDescription: 'other',
      now: new Date(),
    }).bytes;
    const back = srDatasetToPlan(bytes);
    expect(back.plan.measurements).toEqual([
      { id: 'sr-measurement-1', kind: 'distance', name: 'Ruler 1', aLps: [0, 0, 0], bLps: [15, 20, 0] },
    ]);
    expect(back.plan.trajectories).toEqual([]);
    expect(back.plan.seriesInstanceUid).toBe(PHANTOM_UIDS.series);
    expect(back.losses).toContain("measurement 'Ruler 1': no Spineplan id; given 'sr-measurement-1'");
    expect(back.frameOfReferenceUid).toBe(PHANTOM_UIDS.frameOfReference);
  });

  it('reads the Basic Text SR (plan JSON) that earlier versions stored', () => {
    const plan = CASES[0]!.plan;
    const metadata: VolumeMetadata = {
      patientName: 'A^B',
      patientId: '1',
      studyDate: '20240101',
      studyDescription: '',
      seriesDescription: 'CT',
      seriesInstanceUid: PHANTOM_UIDS.series,
      studyInstanceUid: PHANTOM_UIDS.study,
      frameOfReferenceUid: PHANTOM_UIDS.frameOfReference,
      modality: 'CT',
      isDemo: false,
    };
    const report = buildBasicTextSr({
      study: ctReferenceOf(metadata).study,
      seriesDescription: 'Spineplan needle plan',
      items: planReportItems(plan, metadata),
      now: new Date(),
    });
    const back = srDatasetToPlan(report.bytes);
    expect(back.losses).toEqual([]);
    // That writer wrote ASCII only (names came back with '?'); the points are exact (JSON).
    expect(back.plan.trajectories.map((t) => [t.entryLps, t.targetLps])).toEqual(
      plan.trajectories.map((t) => [t.entryLps, t.targetLps]),
    );
  });

  it('says what is wrong with bytes that are no plan SR, without hanging', () => {
    expect(() => srDatasetToPlan(new Uint8Array([1, 2, 3]))).toThrow(/not an SR document/);
    expect(() => srDatasetToPlan(phantomCtFiles[0]!.bytes)).toThrow(/not an SR document: modality 'CT'/);
    const bytes = written[0]!.sr.bytes;
    expect(() => srDatasetToPlan(bytes.subarray(0, Math.floor(bytes.length / 2)))).toThrow(
      /damaged|not an SR/,
    );
    // A measurement report that is not ours: a title other than TID 1500's.
    const other = buildComprehensive3dSr({
      study: phantomCtReference('A^B').study,
      root: { type: 'CONTAINER', concept: C.planSettings, children: [] },
      evidence: [],
      codingSchemes: [],
      seriesDescription: 'x',
      now: new Date(),
    }).bytes;
    expect(() => srDatasetToPlan(other)).toThrow(/not a Measurement Report/);
    // Content nested 100 deep: refused by name, not by a stack overflow.
    let deep: ContentItem = { type: 'TEXT', relationship: 'CONTAINS', concept: C.comment, text: 'x' };
    for (let i = 0; i < 100; i++)
      deep = { type: 'CONTAINER', relationship: 'CONTAINS', concept: C.planSettings, children: [deep] };
    const nested = buildComprehensive3dSr({
      study: phantomCtReference('A^B').study,
      root: { type: 'CONTAINER', concept: C.imagingMeasurementReport, children: [deep] },
      evidence: [],
      codingSchemes: [],
      seriesDescription: 'x',
      now: new Date(),
    }).bytes;
    expect(() => srDatasetToPlan(nested)).toThrow(/nested deeper than 64 levels/);
    // Flipped bytes all through the document: either a plan with named losses or a clear error.
    for (let seed = 1; seed <= 40; seed++) {
      const damaged = bytes.slice();
      for (let k = 0; k < 20; k++) {
        const at = (seed * 7919 * (k + 1)) % damaged.length;
        damaged[at] = damaged[at]! ^ 0x5a;
      }
      try {
        const back = srDatasetToPlan(damaged);
        expect(Array.isArray(back.losses)).toBe(true);
      } catch (thrown) {
        expect((thrown as Error).message.length).toBeGreaterThan(10);
      }
    }
  });

  it('every code fits its VR: value <= 16 characters (SH), meaning <= 64 (LO)', () => {
    const codes = [...Object.values(C), ...Object.values(UNITS), ...Object.values(SIDE_CODES)];
    for (const code of codes) {
      expect(code.value.length, code.value).toBeLessThanOrEqual(16);
      expect(code.meaning.length, code.meaning).toBeLessThanOrEqual(64);
    }
    for (const v of [...Object.values(PROCEDURE_CODE_VALUES), ...Object.values(VIEW_CODE_VALUES)])
      expect(v.length, v).toBeLessThanOrEqual(16);
  });

  it("ctInstancesOf lists the ingest's slices as the SR's evidence, in slice order", () => {
    const scan = scanFiles(phantomCtFiles);
    expect(ctInstancesOf(scan.candidates[0]!.slices).map((i) => i.sopInstanceUid)).toEqual(
      PHANTOM_UIDS.instances,
    );
  });

  it('refuses a CT without a frame of reference (the points would refer to nothing)', () => {
    const ct: CtReference = { ...phantomCtReference('A^B'), frameOfReferenceUid: '' };
    expect(() => planToSrDataset(CASES[2]!.plan, ct)).toThrow(/no Frame of Reference UID/);
  });

  it('planFromSrContent names a frame of reference other than the plan’s', () => {
    const plan = { ...CASES[2]!.plan, noGoMasks: [] };
    const root = planToSrContent(plan, {
      studyInstanceUid: '1.2',
      seriesInstanceUid: '1.2.3',
      frameOfReferenceUid: '1.2.3.4',
    });
    const groups = root.children!.find((c) => c.concept?.value === C.imagingMeasurements.value)!.children!;
    const path = groups[0]!.children!.find((c) => c.type === 'SCOORD3D')!;
    if (path.type === 'SCOORD3D') path.frameOfReferenceUid = '9.9';
    const back = planFromSrContent(root);
    expect(back.losses).toEqual([
      `trajectory '${plan.trajectories[0]!.name}' is on frame of reference 9.9, not the plan's 1.2.3.4: its points are kept as written`,
    ]);
  });
});
