import { describe, expect, it } from 'vitest';
import { createReadoutSource } from '../../src/app/readoutContext';
import { distance } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/generate';
import { NOTE_FROM_TRUTH, proposeFromTruth } from '../../src/planning/proposal';
import { trajectoryReadouts } from '../../src/planning/readouts';
import { findTemplate } from '../../src/planning/templates';
import { createTrajectory } from '../../src/planning/trajectory';
import { createPlanStore } from '../../src/state/planStore';
import { undoKeyAction } from '../../src/ui/plan/usePlanUndoShortcuts';
import type { Volume } from '../../src/volume/volume';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  undoKeyAction({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('undo/redo keys', () => {
  it('maps Ctrl/Cmd+Z to undo, Ctrl/Cmd+Shift+Z and Ctrl+Y to redo, and nothing else', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('z', { metaKey: true })).toBe('undo');
    // With Shift held the browser reports the capital letter.
    expect(key('Z', { ctrlKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
    expect(key('z')).toBeNull();
    expect(key('y')).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
    expect(key('Y', { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(key('o', { ctrlKey: true })).toBeNull();
  });
});

// The demo phantom at its small preset; its truth arrives in the study store as main.tsx puts it there.
const p = generatePhantom({ size: 'small', seed: 1 });
const s = p.spacingMm;
const o = p.originLps;
const demoVolume: Volume = {
  id: 'phantom',
  dims: p.dims,
  spacingMm: s,
  ijkToLps: [s[0], 0, 0, o[0], 0, s[1], 0, o[1], 0, 0, s[2], o[2], 0, 0, 0, 1],
  data: p.hu,
  rescaleSlope: 1,
  rescaleIntercept: 0,
  metadata: { isDemo: true } as Volume['metadata'],
  warnings: [],
};

describe('template proposal as the panel makes it (readout source -> proposeFromTruth -> applyProposal)', () => {
  const study = { volume: demoVolume, demoTruth: p.truth };
  const source = createReadoutSource({ getState: () => study, subscribe: () => () => {} });

  it('puts a TFESI L4-L5 left proposal on the skin, 70-120 mm long, as one undoable trajectory', () => {
    const { truth, options } = source.proposalInputs();
    expect(truth).toBe(p.truth);
    const proposal = proposeFromTruth(findTemplate('tfesi')!, 'L4-L5', 'left', truth!, options);
    if (!proposal.ok) throw new Error(proposal.error);
    expect(proposal.value.note).toBe(NOTE_FROM_TRUTH);
    expect(proposal.value.entryOnSkin).toBe(true);
    const lengthMm = distance(proposal.value.entryLps, proposal.value.targetLps);
    expect(lengthMm).toBeGreaterThanOrEqual(70);
    expect(lengthMm).toBeLessThanOrEqual(120);

    const store = createPlanStore({ debounceMs: 0 });
    store.getState().openCase('demo');
    const id = store.getState().applyProposal(proposal.value);
    const plan = () => store.getState().plans.demo!;
    expect(plan().trajectories.map((t) => t.id)).toEqual([id]);
    store.getState().undo();
    expect(plan().trajectories).toEqual([]);
    store.getState().redo();
    // Redo brings back the same id: the panel's note (kept by id) shows again.
    expect(plan().trajectories.map((t) => t.id)).toEqual([id]);
  });

  it('the plan warning distance turns a near miss into a warning in the readouts', () => {
    const context = source.contextFor('L4-L5');
    // The proposal misses every structure; its closest one warns only within the warning distance.
    const proposal = proposeFromTruth(findTemplate('tfesi')!, 'L4-L5', 'left', p.truth, {});
    if (!proposal.ok) throw new Error(proposal.error);
    const t = createTrajectory('t', { ...proposal.value, level: 'L4-L5' });
    const near = (mm: number) =>
      trajectoryReadouts(t, { ...context, warningDistanceMm: mm }).warnings.filter((w) =>
        w.includes('(warning distance)'),
      );
    const clearance = trajectoryReadouts(t, context).clearance;
    const closest = Math.min(...clearance.filter((c) => !c.violates).map((c) => c.minDistanceMm));
    expect(near(closest + 0.5).length).toBeGreaterThan(0);
    expect(near(Math.max(0, closest - 0.5))).toEqual([]);
  });
});
