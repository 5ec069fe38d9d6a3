import { formatPersonName } from '../core/format';
import type { Trajectory } from './trajectory';

/**
 * File names for people (issue 19): what a plan is about, whose it is and when, e.g.
 * "L4-L5 left TFESI - DOE, JANE - 2026-12-06.json", instead of a SeriesInstanceUID. Characters that some file
 * systems refuse (Windows: < > : " / \ | ? * and control characters; a trailing dot or space) are replaced, and
 * the name is kept under 120 characters (paths have limits too).
 */

/** The short names pain specialists write (ISIS/SIS practice guidelines, Bogduk ed. 2013). */
const SHORT_PROCEDURE: Record<Trajectory['procedure'], string> = {
  tfesi: 'TFESI',
  'tfesi-retrodiscal': 'retrodiscal TFESI',
  's1-tfesi': 'TFESI',
  'medial-branch-block': 'medial branch block',
  'medial-branch-rfa': 'medial branch RFA',
  sacroiliac: 'SIJ injection',
  vertebroplasty: 'vertebroplasty',
  'interlaminar-epidural': 'ILESI',
  'lumbar-puncture': 'lumbar puncture',
  other: 'needle',
};

const MAX_NAME = 120;

/** Replaces what file systems refuse and squeezes spaces. */
export function fileSafe(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
      .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[. ]+$/, '')
  );
}

/** "L4-L5 left TFESI" (the level and side as planned; midline procedures name no side). */
export function trajectoryTitle(t: Pick<Trajectory, 'procedure' | 'level' | 'side'>): string {
  const midline =
    t.side === 'midline' || t.procedure === 'interlaminar-epidural' || t.procedure === 'lumbar-puncture';
  return [t.level, midline ? '' : t.side, SHORT_PROCEDURE[t.procedure]].filter(Boolean).join(' ');
}

/** What a plan is about: its trajectories' titles, the first two and a count of the rest. */
export function planTitle(trajectories: readonly Pick<Trajectory, 'procedure' | 'level' | 'side'>[]): string {
  const titles = [...new Set(trajectories.map(trajectoryTitle))];
  if (titles.length === 0) return 'Plan';
  const shown = titles.slice(0, 2).join(' + ');
  return titles.length > 2 ? `${shown} + ${titles.length - 2} more` : shown;
}

/** ISO calendar date in local time (what the user's calendar says), YYYY-MM-DD. */
export const localDate = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * "<what> - <patient> - <date>.<extension>": the patient's name as shown in the app (already formatted), or
 * "Demo phantom"; the patient part is shortened first when the whole would be too long.
 */
export function exportFileName(what: string, patient: string, date: Date, extension: string): string {
  const tail = ` - ${localDate(date)}.${extension}`;
  const head = fileSafe(what) || 'Plan';
  const who = fileSafe(patient) || 'unnamed patient';
  const room = Math.max(8, MAX_NAME - tail.length - head.length - 3);
  const shortWho = who.length > room ? `${who.slice(0, room - 1).trim()}…` : who;
  return `${head} - ${shortWho}${tail}`.slice(0, MAX_NAME + 10);
}

/** Whose images a file is about, as a person reads it: the formatted patient name, else the ID. */
export function patientForFile(
  metadata: { patientName: string; patientId: string; isDemo: boolean } | undefined,
): string {
  if (!metadata) return '';
  if (metadata.isDemo) return 'Demo phantom';
  return formatPersonName(metadata.patientName) || metadata.patientId;
}
