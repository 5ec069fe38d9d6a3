import { angleDeg, distance, sub, type Vec3 } from '../core/vec3';
import { CONCEPT_FINDING, type CodedConcept, type TextItem } from '../dicom/write/basicTextSr';
import { type Plan, serializePlan } from '../planning/planFile';
import { PROCEDURE_LABELS, trajectoryLengthMm } from '../planning/trajectory';
import type { VolumeMetadata } from '../volume/volume';

/**
 * A private coded concept (PS3.16 8.1: a "99" coding scheme is a local one) for the plan file itself, so the
 * app can find its own plan again in the study; other viewers show the meaning and the JSON as text.
 */
export const CONCEPT_PLAN_FILE: CodedConcept = {
  value: 'PLAN-JSON',
  scheme: '99SPINEPLAN',
  meaning: 'Spineplan plan file (JSON)',
};

const mm = (v: number) => v.toFixed(1);
const point = (p: Vec3) => `(${p.map(mm).join(', ')})`;

/**
 * The plan as SR text items: one line per trajectory and measurement, then the plan file. This Basic Text SR
 * is what earlier versions stored to the PACS; the plan is now stored as a Comprehensive 3D SR (planSr.ts),
 * whose reader still opens these (`srDatasetToPlan`).
 */
export function planReportItems(plan: Plan, metadata: VolumeMetadata): TextItem[] {
  const finding = (text: string): TextItem => ({ concept: CONCEPT_FINDING, text });
  const items: TextItem[] = [
    finding(
      `Planned on series "${metadata.seriesDescription}" (${metadata.seriesInstanceUid}). ` +
        `Points are DICOM patient coordinates (LPS, mm) in frame of reference ${metadata.frameOfReferenceUid}. ` +
        'Planning aid only: verify under imaging.',
    ),
  ];
  for (const t of plan.trajectories) {
    items.push(
      finding(
        `${t.name}: ${PROCEDURE_LABELS[t.procedure]}, level ${t.level || '-'}, ${t.side}; ` +
          `entry ${point(t.entryLps)}; target ${point(t.targetLps)}; length ${mm(trajectoryLengthMm(t))} mm; needle ${t.needleId}.`,
      ),
    );
  }
  for (const m of plan.measurements) {
    const value =
      m.kind === 'distance'
        ? `${mm(distance(m.aLps, m.bLps))} mm`
        : m.kind === 'angle'
          ? `${angleDeg(sub(m.aLps, m.vertexLps), sub(m.bLps, m.vertexLps)).toFixed(1)} deg`
          : `HU region, radius ${mm(distance(m.centreLps, m.rimLps))} mm at ${point(m.centreLps)}`;
    items.push(finding(`Measurement ${m.name}: ${value}.`));
  }
  if (plan.trajectories.length === 0 && plan.measurements.length === 0)
    items.push(finding('No trajectories planned.'));
  items.push({ concept: CONCEPT_PLAN_FILE, text: serializePlan(plan) });
  return items;
}
