/**
 * What the patient view says (issue 22), from the plan and the procedure definition (planning/procedures.ts):
 * the level and side in plain words, the steps, and what the plan keeps clear of with the measured distance.
 */
import type { Vec3 } from '../../core/vec3';
import type { ClearanceResult } from '../../planning/clearance';
import type { Plan } from '../../planning/planFile';
import { type ClearanceKind, findProcedure } from '../../planning/procedures';
import type { Trajectory } from '../../planning/trajectory';
import { levelInPlainWords, PATIENT_TEXTS_EN, type PatientTexts } from './patientTexts';

export interface PatientContent {
  texts: PatientTexts;
  where: string[];
  procedure: string;
  steps: string[];
  keepsClear: string[];
  needles: { entryLps: Vec3; targetLps: Vec3 }[];
}

/** A clearance structure's kind from its name (truth structures and the usual names of painted ones). */
export function clearanceKindOf(name: string): ClearanceKind | undefined {
  if (/sac|dura|thecal|canal/i.test(name)) return 'thecal-sac';
  if (/nerve|root|ganglion/i.test(name)) return 'nerve-root';
  if (/aorta|vena|cava|arter|vein|vessel|iliac|segmental/i.test(name)) return 'vessel';
  return undefined;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The patient's content for a plan: the first trajectory describes the procedure (a plan for one patient
 * visit is usually one procedure); every trajectory is drawn and named by level and side.
 */
export function patientContent(
  plan: Plan,
  clearanceOf: (t: Trajectory) => readonly ClearanceResult[] | undefined,
  texts: PatientTexts = PATIENT_TEXTS_EN,
): PatientContent {
  const first = plan.trajectories[0];
  const definition = first ? findProcedure(first.procedure) : undefined;
  const where = plan.trajectories.map((t) =>
    capitalise(texts.where(levelInPlainWords(t.level, texts) || texts.procedures.other, texts.sides[t.side])),
  );
  const steps: string[] = [];
  if (first) {
    const target = definition ? texts.targets[definition.target] : texts.procedures.other;
    steps.push(
      texts.steps.lieDown,
      texts.steps.clean(texts.sides[first.side]),
      texts.steps.guide(definition?.viewSteps.length ?? 2, target),
      texts.steps.check,
      texts.steps.treat(texts.treatment[first.procedure]),
      texts.steps.finish,
    );
  }
  // Measured clearance per kind (the smallest over every trajectory), else the procedure's kinds in words.
  const nearest = new Map<ClearanceKind, number>();
  for (const t of plan.trajectories)
    for (const c of clearanceOf(t) ?? []) {
      const kind = clearanceKindOf(c.name);
      if (kind && c.minDistanceMm < (nearest.get(kind) ?? Number.POSITIVE_INFINITY))
        nearest.set(kind, c.minDistanceMm);
    }
  const kinds = Object.keys(
    definition?.clearanceMarginMm ?? { 'nerve-root': 0, vessel: 0 },
  ) as ClearanceKind[];
  const keepsClear =
    nearest.size > 0
      ? [...nearest.entries()].map(([kind, mm]) =>
          texts.keepsClearMeasured(texts.clearance[kind], Math.max(0, mm).toFixed(0)),
        )
      : [...kinds.map((k) => texts.clearance[k]), texts.keepsClearNone];
  return {
    texts,
    where,
    procedure: first ? texts.procedures[first.procedure] : '',
    steps,
    keepsClear,
    needles: plan.trajectories.map((t) => ({ entryLps: t.entryLps, targetLps: t.targetLps })),
  };
}
