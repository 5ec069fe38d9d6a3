/**
 * Plans for the plan-SR tests: every procedure template, every side it allows, its first and last level,
 * proposed on the small demo phantom from its ground truth (so the points are realistic), plus the three
 * measurement kinds, a no-go structure of every shape, a painted region and names in several scripts.
 */
import type { CtReference } from '../../src/app/planSr';
import type { Vec3 } from '../../src/core/vec3';
import { uidFromSeed } from '../../src/dicom/write/uid';
import { generatePhantom } from '../../src/phantom/generate';
import { phantomToDicomFiles } from '../../src/phantom/toDicom';
import type { Plan } from '../../src/planning/planFile';
import { PLAN_SCHEMA_VERSION } from '../../src/planning/planFile';
import { NOTE_FROM_TRUTH, proposeFromTruth } from '../../src/planning/proposal';
import { PROCEDURE_TEMPLATES } from '../../src/planning/templates';
import { createTrajectory, type Trajectory } from '../../src/planning/trajectory';
import { sampleTrilinearLps } from '../../src/volume/sample';
import { phantomVolume } from './volume-fixtures';

export const phantom = generatePhantom({ size: 'small', seed: 1 });
const volume = phantomVolume(phantom);
const sampler = (q: Vec3) => sampleTrilinearLps(volume, q);

/** The phantom's CT files (the SR refers to their UIDs) and the matching CT reference. */
export const phantomCtFiles = phantomToDicomFiles(phantom);

export function phantomCtReference(patientName: string): CtReference {
  // The writer's UIDs (toDicom.ts uidFromSeed), the same ones the files carry (checked in plan-sr.test.ts).
  return {
    study: {
      studyInstanceUid: PHANTOM_UIDS.study,
      patientName,
      patientId: 'DEMO',
      studyDate: '20240101',
      studyTime: '120000',
      studyId: '1',
      accessionNumber: 'A-1',
    },
    seriesInstanceUid: PHANTOM_UIDS.series,
    frameOfReferenceUid: PHANTOM_UIDS.frameOfReference,
    modality: 'CT',
    instances: PHANTOM_UIDS.instances.map((sopInstanceUid) => ({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      sopInstanceUid,
    })),
  };
}

export const PHANTOM_UIDS = {
  study: uidFromSeed(1, 'study'),
  series: uidFromSeed(1, 'series'),
  frameOfReference: uidFromSeed(1, 'frame-of-reference'),
  instances: phantomCtFiles.map((_, k) => uidFromSeed(1, `instance-${k}`)),
};

/** Every template x side x (first, last level), as trajectories proposed from the phantom's truth. */
export function templateTrajectories(): Trajectory[] {
  const out: Trajectory[] = [];
  for (const template of PROCEDURE_TEMPLATES) {
    const levels = [...new Set([template.levels[0]!, template.levels[template.levels.length - 1]!])];
    for (const side of template.sides)
      for (const level of levels) {
        const proposed = proposeFromTruth(template, level, side, phantom.truth, { skinSampler: sampler });
        if (!proposed.ok) continue;
        const p = proposed.value;
        out.push(
          createTrajectory(
            `t-${template.id}-${side}-${level}`,
            {
              name: `${level} ${side} ${template.name}`,
              procedure: p.procedure,
              level: p.level,
              side: p.side,
              entryLps: p.entryLps,
              targetLps: p.targetLps,
              needleId: p.needleId,
              proposal: {
                source: p.note === NOTE_FROM_TRUTH ? 'truth' : 'clicks',
                note: p.note,
                remarks: [...p.remarks],
                entryOnSkin: p.entryOnSkin,
                views: [...p.views],
              },
            },
            out.length,
          ),
        );
      }
  }
  return out;
}

/** A plan with `trajectories`, one measurement of each kind, a no-go of each shape and a painted region. */
export function fullPlan(trajectories: Trajectory[], names: { note: string; measurement: string }): Plan {
  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    caseKey: PHANTOM_UIDS.series,
    studyInstanceUid: PHANTOM_UIDS.study,
    seriesInstanceUid: PHANTOM_UIDS.series,
    trajectories: trajectories.map((t, i) =>
      i === 0 && t.proposal
        ? { ...t, name: `${t.name} ${names.note}`, proposal: { ...t.proposal, note: names.note } }
        : t,
    ),
    measurements: [
      {
        id: 'm1',
        kind: 'distance',
        name: `${names.measurement} distance`,
        aLps: [12.345678, -40.1, 30.25],
        bLps: [-8.5, 20.75, 31.125],
      },
      {
        id: 'm2',
        kind: 'angle',
        name: 'Angle ∠ L4',
        aLps: [10, 0, 5],
        vertexLps: [0, 0, 0.5],
        bLps: [0, 12.5, -3],
      },
      {
        id: 'm3',
        kind: 'region',
        name: 'Disc L4-L5 HU',
        centreLps: [1.5, 20.25, -10.75],
        rimLps: [7.5, 20.25, -10.75],
        normalLps: [0, 0, 1],
      },
    ],
    noGoStructures: [
      {
        id: 'n1',
        name: 'Aorta',
        geometry: { kind: 'capsule', aLps: [20, -30, 50], bLps: [18, -32, -60], radiusMm: 11 },
        marginMm: 5,
      },
      { id: 'n2', name: 'Kidney', geometry: { kind: 'sphere', centreLps: [-60, 10, 20], radiusMm: 30 } },
      {
        id: 'n3',
        name: 'Root',
        geometry: {
          kind: 'polyline',
          pointsLps: [
            [5, 10, 0],
            [15, 12, -10],
            [25, 14, -25],
          ],
        },
      },
      { id: 'n4', name: 'Mark', geometry: { kind: 'point', pointLps: [1, 2, 3] }, marginMm: 1.5 },
    ],
    noGoMasks: [
      {
        id: 'p1',
        name: 'Painted root',
        grid: { dims: [4, 4, 2], ijkToLps: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] },
        slices: [{ k: 1, runs: [2, 3] }],
      },
    ],
    clearanceWarningMm: 2.5,
    createdAt: '2026-12-06T10:11:12.345Z',
    updatedAt: '2026-12-07T00:01:02.003Z',
  };
}
