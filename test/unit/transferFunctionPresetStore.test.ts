import { describe, expect, it } from 'vitest';
import { memoryKeyValue } from '../../src/planning/keyValueStores';
import { createRenderStore, parseSavedTransferPreset, transferPresetKey } from '../../src/state/renderStore';
import { windowLevelTransferFunction } from '../../src/volume/transfer/transferFunctionEdit';
import { VOLUME_PRESETS } from '../../src/volume/transfer/transferFunctionPresets';

const edited = windowLevelTransferFunction(VOLUME_PRESETS.skin.transferFunction, -50, 1.5);
const fixedNow = () => new Date('2026-11-28T12:00:00Z');

describe('3D presets saved per case', () => {
  it('saves the edit for the open case and a new store (a reload) applies it when the case opens', async () => {
    const kv = memoryKeyValue();
    const a = createRenderStore(kv, fixedNow);
    await a.getState().openCase('1.2.3');
    a.getState().setPreset('skin');
    a.getState().editTransfer(edited);
    await a.getState().saveCasePreset();
    expect([...kv.map.keys()]).toEqual([transferPresetKey('1.2.3')]);

    const b = createRenderStore(kv, fixedNow);
    expect(b.getState().customTransfer).toBeNull();
    await b.getState().openCase('1.2.3');
    expect(b.getState().preset).toBe('skin');
    expect(b.getState().customTransfer).toEqual(edited);
    expect(b.getState().savedPreset?.savedAt).toBe('2026-11-28T12:00:00.000Z');

    // Another case has no saved preset: the edit does not follow there.
    await b.getState().openCase('9.9.9');
    expect(b.getState().customTransfer).toBeNull();
    expect(b.getState().savedPreset).toBeNull();
  });

  it('reset goes back to the built-in preset; forget removes the stored one', async () => {
    const kv = memoryKeyValue();
    const s = createRenderStore(kv);
    await s.getState().openCase('demo');
    s.getState().editTransfer(edited);
    await s.getState().saveCasePreset();
    s.getState().resetTransfer();
    expect(s.getState().customTransfer).toBeNull();
    s.getState().applySavedPreset();
    expect(s.getState().customTransfer).toEqual(edited);
    s.getState().setPreset('bone'); // choosing a built-in preset drops the edit from view
    expect(s.getState().customTransfer).toBeNull();
    await s.getState().forgetCasePreset();
    expect(kv.map.size).toBe(0);
    expect(s.getState().savedPreset).toBeNull();
  });

  it('does not save without an edit or a case, and reports a stored preset it cannot read', async () => {
    const kv = memoryKeyValue({ [transferPresetKey('x')]: '{"schemaVersion":1,"basePreset":"nope"}' });
    const s = createRenderStore(kv);
    await s.getState().saveCasePreset();
    expect(kv.map.size).toBe(1);
    await s.getState().openCase('x');
    expect(s.getState().customTransfer).toBeNull();
    expect(s.getState().presetStorageProblem).toMatch(/unknown preset 'nope'/);
  });

  it('ignores a load that finishes after another case was opened', async () => {
    const kv = memoryKeyValue();
    const first = createRenderStore(kv);
    await first.getState().openCase('slow');
    first.getState().editTransfer(edited);
    await first.getState().saveCasePreset();
    const s = createRenderStore(kv);
    const pending = s.getState().openCase('slow');
    void s.getState().openCase('other');
    await pending;
    expect(s.getState().caseKey).toBe('other');
    expect(s.getState().customTransfer).toBeNull();
  });

  it('checks every field of a stored preset', () => {
    const good = {
      schemaVersion: 1,
      basePreset: 'bone',
      transferFunction: { referenceStepMm: 1, points: [{ hu: 100, color: [1, 0.5, 0], opacity: 0.3 }] },
      savedAt: 'x',
    };
    expect(parseSavedTransferPreset(JSON.stringify(good)).ok).toBe(true);
    const bad = (patch: object) => parseSavedTransferPreset(JSON.stringify({ ...good, ...patch }));
    expect(parseSavedTransferPreset('{').ok).toBe(false);
    expect(bad({ schemaVersion: 2 })).toMatchObject({ ok: false, error: 'unknown schema version 2' });
    expect(bad({ transferFunction: { referenceStepMm: 0, points: good.transferFunction.points } }).ok).toBe(
      false,
    );
    expect(bad({ transferFunction: { referenceStepMm: 1, points: [] } }).ok).toBe(false);
    const point = (p: object) => bad({ transferFunction: { referenceStepMm: 1, points: [p] } });
    expect(point({ hu: 'a', color: [0, 0, 0], opacity: 0 }).ok).toBe(false);
    expect(point({ hu: 1, color: [0, 0, 2], opacity: 0 }).ok).toBe(false);
    expect(point({ hu: 1, color: [0, 0], opacity: 0 }).ok).toBe(false);
    expect(point({ hu: 1, color: [0, 0, 0], opacity: 1.5 }).ok).toBe(false);
  });
});
