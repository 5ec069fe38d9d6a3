import { CONCEPT_PLAN_FILE } from '../../src/app/planSr';
import { angleDeg, distance, sub, type Vec3 } from '../../src/core/vec3';
import { CONCEPT_FINDING, type TextItem } from '../../src/dicom/write/basicTextSr';
import { type Plan, serializePlan } from '../../src/planning/planFile';
import { PROCEDURE_LABELS, trajectoryLengthMm } from '../../src/planning/trajectory';
import type { VolumeMetadata } from '../../src/volume/volume';

const mm = (v: number) => v.toFixed(1);
const point = (p: Vec3) => `(${p.map(mm).join(', ')})`;

/**
 * The plan as Basic Text SR items, as earlier versions stored it to the PACS (one line per trajectory and
 * measurement, then the plan file): test data for the reader, which still opens these (`srDatasetToPlan`).
 * The app now stores the plan as a Comprehensive 3D SR (src/app/planSr.ts).
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
