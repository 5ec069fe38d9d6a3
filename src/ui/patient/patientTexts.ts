/**
 * Every text of the patient view and handout (issue 22), in one place for translation: plain words, no
 * jargon, no abbreviations. A translation is another object of this shape (PatientTexts).
 */
import type { ClearanceKind, TargetLandmark } from '../../planning/procedures';
import type { ProcedureId, Side } from '../../planning/trajectory';

export interface PatientTexts {
  lang: string;
  title: string;
  intro: string;
  yourSpine: string;
  modelHint: string;
  needleLegend: string;
  whereTitle: string;
  where: (level: string, side: string) => string;
  stepsTitle: string;
  keepsClearTitle: string;
  keepsClearMeasured: (what: string, mm: string) => string;
  keepsClearNone: string;
  questions: string;
  footer: string;
  yourLeft: string;
  yourRight: string;
  sides: Record<Side, string>;
  /** What the procedure is, in a sentence. */
  procedures: Record<ProcedureId, string>;
  /** The target, in plain words. */
  targets: Record<TargetLandmark, string>;
  /** What is given once the needle is in place. */
  treatment: Record<ProcedureId, string>;
  clearance: Record<ClearanceKind, string>;
  steps: {
    lieDown: string;
    clean: (side: string) => string;
    guide: (pictures: number, target: string) => string;
    check: string;
    treat: (treatment: string) => string;
    finish: string;
  };
  /** 'L4' -> 'the 4th lumbar vertebra'; region names. */
  region: { C: string; T: string; L: string; S: string };
  vertebra: (n: number, region: string) => string;
  between: (a: string, b: string) => string;
  sacrum: (n: number) => string;
  ordinal: (n: number) => string;
}

const ordinal = (n: number): string => {
  const suffix =
    n % 10 === 1 && n !== 11
      ? 'st'
      : n % 10 === 2 && n !== 12
        ? 'nd'
        : n % 10 === 3 && n !== 13
          ? 'rd'
          : 'th';
  return `${n}${suffix}`;
};

export const PATIENT_TEXTS_EN: PatientTexts = {
  lang: 'en',
  title: 'Your spine injection',
  intro:
    'This page shows your own spine, from your scan, and the path your doctor has planned for the needle.',
  yourSpine: 'Your spine, seen from behind',
  modelHint: 'Drag the picture to turn it.',
  needleLegend: 'Orange: the planned needle',
  whereTitle: 'Where',
  where: (level, side) => `${level}, ${side}.`,
  stepsTitle: 'What will happen',
  keepsClearTitle: 'What the plan keeps clear of',
  keepsClearMeasured: (what, mm) => `${what}: the planned path stays at least ${mm} mm away.`,
  keepsClearNone: 'Your doctor checks the path on your scan to keep clear of nerves and blood vessels.',
  questions: 'Please ask your doctor about anything that is not clear to you.',
  footer: 'Made with Spineplan from your scan. The plan is checked again on X-ray during the procedure.',
  yourLeft: 'Your left',
  yourRight: 'Your right',
  sides: { left: 'on your left side', right: 'on your right side', midline: 'in the middle of your back' },
  procedures: {
    tfesi:
      'Medicine is placed next to a nerve where it leaves the spine, to calm pain that runs into the leg.',
    'tfesi-retrodiscal':
      'Medicine is placed next to a nerve where it leaves the spine, to calm pain that runs into the leg.',
    's1-tfesi': 'Medicine is placed next to a nerve in the lowest part of the spine, to calm leg pain.',
    'medial-branch-block':
      'A numbing medicine is placed on a small nerve of a joint of the spine, to test if that joint causes the pain.',
    'medial-branch-rfa':
      'A small nerve of a joint of the spine is treated with heat, so it stops sending pain.',
    sacroiliac: 'Medicine is placed into the joint between the spine and the hip bone.',
    vertebroplasty: 'Bone cement is placed into a broken back bone to make it strong again.',
    'interlaminar-epidural': 'Medicine is placed into the space around the nerves in the spine.',
    'lumbar-puncture':
      'A small amount of the fluid around the nerves in the spine is taken or medicine is given.',
    other: 'An injection planned by your doctor.',
  },
  targets: {
    'safe-triangle': 'the nerve where it leaves your spine',
    'kambin-triangle': 'the nerve where it leaves your spine',
    's1-dorsal-foramen': 'the small opening at the back of the lowest part of your spine',
    'sap-tp-junction': 'a small nerve of the joint',
    'si-joint-lower-third': 'the joint between your spine and your hip bone',
    'vertebral-body-anterior-third': 'the broken back bone',
    'interlaminar-window': 'the space between two back bones',
    'thecal-sac': 'the fluid around the nerves',
  },
  treatment: {
    tfesi: 'a small amount of medicine to calm the nerve',
    'tfesi-retrodiscal': 'a small amount of medicine to calm the nerve',
    's1-tfesi': 'a small amount of medicine to calm the nerve',
    'medial-branch-block': 'a small amount of numbing medicine',
    'medial-branch-rfa': 'gentle heat for about a minute and a half',
    sacroiliac: 'a small amount of medicine',
    vertebroplasty: 'bone cement',
    'interlaminar-epidural': 'a small amount of medicine',
    'lumbar-puncture': 'the planned treatment',
    other: 'the planned treatment',
  },
  clearance: {
    'thecal-sac': 'The sac of fluid around your spinal nerves',
    'nerve-root': 'The nerves',
    vessel: 'Large blood vessels',
  },
  steps: {
    lieDown: 'You lie on your front on the table. You stay awake.',
    clean: (side) => `The skin ${side} is cleaned and numbed with a small injection.`,
    guide: (pictures, target) =>
      `The doctor takes X-ray pictures ${pictures > 1 ? 'from several directions' : 'from one direction'} and guides a thin needle to ${target}.`,
    check: 'A few drops of dye show on X-ray that the needle is in the right place.',
    treat: (treatment) => `Then the doctor gives ${treatment}.`,
    finish: 'The needle is taken out and a small plaster is put on. You rest for a short while.',
  },
  region: { C: 'neck', T: 'upper back', L: 'lower back', S: 'base of the spine' },
  vertebra: (n, region) => `the ${ordinal(n)} back bone of your ${region}`,
  between: (a, b) => `between ${a} and ${b}`,
  sacrum: (n) => `the ${ordinal(n)} opening of the bone at the base of your spine`,
  ordinal,
};

/** 'L4-L5' -> 'between the 4th and the 5th back bone of your lower back'; 'S1' -> the base of the spine. */
export function levelInPlainWords(level: string, t: PatientTexts = PATIENT_TEXTS_EN): string {
  const one = (name: string): { n: number; region: string } | undefined => {
    const m = /^([CTLS])(\d+)$/.exec(name.trim());
    return m ? { n: Number(m[2]), region: t.region[m[1] as 'C' | 'T' | 'L' | 'S'] } : undefined;
  };
  const [a, b] = level.split('-');
  const first = a ? one(a) : undefined;
  if (!first) return level ? `level ${level}` : '';
  if (level.startsWith('S') && !b) return t.sacrum(first.n);
  const second = b ? one(b) : undefined;
  if (!second) return t.vertebra(first.n, first.region);
  return second.region === first.region
    ? t.between(`the ${t.ordinal(first.n)}`, t.vertebra(second.n, second.region))
    : t.between(t.vertebra(first.n, first.region), t.vertebra(second.n, second.region));
}
