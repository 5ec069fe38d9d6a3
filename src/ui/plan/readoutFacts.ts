import type { TrajectoryReadouts } from '../../planning/readouts';
import { craniocaudalWords, deg, mediolateralWords, mm, signedDeg } from './planFormat';

export type ReadoutFactKey = 'length' | 'needle' | 'craniocaudal' | 'mediolateral' | 'fromAp' | 'endplate';

/** One line of a trajectory's numbers, worded once for the plan panel and the printed report. */
export interface ReadoutFact {
  key: ReadoutFactKey;
  label: string;
  /** Shown in bold before `text` (the headline figure), if any. */
  lead?: string;
  text: string;
  /** 'warn': nothing to check against; 'danger': the plan cannot work as it stands. */
  severity: 'ok' | 'warn' | 'danger';
}

function needleFact(r: TrajectoryReadouts): ReadoutFact {
  const c = r.lengthCheck;
  const needle = r.needle;
  if (!c || !needle) return { key: 'needle', label: 'Needle', text: 'no needle chosen', severity: 'warn' };
  const allowance = `${mm(c.allowanceMm)} hub/skin allowance`;
  return c.longEnough
    ? {
        key: 'needle',
        label: 'Needle',
        text: `${needle.label} reaches: usable ${mm(c.usableLengthMm)} (${mm(needle.lengthMm)} − ${allowance}), ${mm(c.usableLengthMm - r.lengthMm)} to spare`,
        severity: 'ok',
      }
    : {
        key: 'needle',
        label: 'Needle',
        text: `${needle.label} TOO SHORT by ${mm(c.shortfallMm)}: path ${mm(r.lengthMm)} + ${allowance} > ${mm(needle.lengthMm)} needle`,
        severity: 'danger',
      };
}

/** Length, needle check, angles to the patient's axes and to the level's endplate, in reading order. */
export function readoutFacts(level: string, r: TrajectoryReadouts): ReadoutFact[] {
  const facts: ReadoutFact[] = [
    { key: 'length', label: 'Length', lead: mm(r.lengthMm), text: 'skin entry → target', severity: 'ok' },
    needleFact(r),
  ];
  const a = r.angles;
  if (a)
    facts.push(
      {
        key: 'craniocaudal',
        label: 'Cranio-caudal',
        text: `${signedDeg(a.craniocaudalDeg)} (${craniocaudalWords(a.craniocaudalDeg)})`,
        severity: 'ok',
      },
      {
        key: 'mediolateral',
        label: 'Medio-lateral',
        text: `${deg(a.mediolateralDeg)} from sagittal (${mediolateralWords(a)})`,
        severity: 'ok',
      },
      { key: 'fromAp', label: 'From AP axis', text: deg(a.fromApAxisDeg), severity: 'ok' },
    );
  const e = r.endplate;
  if (e)
    facts.push({
      key: 'endplate',
      label: `vs ${level} endplate`,
      text: `${signedDeg(e.craniocaudalDeg)} cranio-caudal (0 = parallel, + = tip cranial); ${deg(e.angleToPlaneDeg)} to its plane`,
      severity: 'ok',
    });
  return facts;
}
