import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import type { XrRehearsal } from '../../src/state/xrStore';
import { buttonRow, type PanelPlacement, pickPanelButton, rayToPanelUv } from '../../src/xr/panelMath';
import { rehearsalLines } from '../../src/xr/rehearsalLines';

const ray = (o: [number, number, number], d: [number, number, number]) =>
  new THREE.Ray(new THREE.Vector3(...o), new THREE.Vector3(...d).normalize());

describe('in-headset button panel', () => {
  const facing: PanelPlacement = { position: [0, 1, -1], yawRad: 0, sizeM: [0.4, 0.1] };
  it('maps a ray to panel (u, v): u = x / width + 0.5, v = y / height + 0.5', () => {
    const uv = rayToPanelUv(ray([0.1, 1.02, 0], [0, 0, -1]), facing)!;
    expect(uv.u).toBeCloseTo(0.75, 12);
    expect(uv.v).toBeCloseTo(0.7, 12);
    expect(rayToPanelUv(ray([0.1, 1.02, 0], [0, 0, 1]), facing)).toBeUndefined();
  });

  it('a panel turned 90 deg about the vertical: its x axis runs along the room -z', () => {
    const turned: PanelPlacement = { position: [0, 0, 0], yawRad: Math.PI / 2, sizeM: [0.4, 0.1] };
    const uv = rayToPanelUv(ray([1, 0, -0.1], [-1, 0, 0]), turned)!;
    expect(uv.u).toBeCloseTo(0.75, 12);
    expect(uv.v).toBeCloseTo(0.5, 12);
  });

  it('a row of three buttons with 3% gaps and 12% margins; gaps and margins press nothing', () => {
    const row = buttonRow(['scale', 'rehearse', 'exit'] as const);
    const w = (1 - 0.12) / 3;
    expect(row[1]!.u0).toBeCloseTo(0.06 + w, 12);
    expect(row[2]!.u1).toBeCloseTo(0.97, 12);
    expect(row[0]!.v1).toBeCloseTo(0.88, 12);
    // u = 0.75 (x = +0.1 m) is the third button, u = 0.5 the second
    expect(pickPanelButton(ray([0.1, 1, 0], [0, 0, -1]), facing, row)).toBe('exit');
    expect(pickPanelButton(ray([0, 1, 0], [0, 0, -1]), facing, row)).toBe('rehearse');
    // u = 0.33 lies in the gap between the first two; v = 0.95 above the buttons
    expect(pickPanelButton(ray([-0.068, 1, 0], [0, 0, -1]), facing, row)).toBeUndefined();
    expect(pickPanelButton(ray([0, 1.045, 0], [0, 0, -1]), facing, row)).toBeUndefined();
  });
});

describe('rehearsal HUD lines', () => {
  const base: XrRehearsal = {
    phase: 'inserted',
    tipLps: [0, 5, 0],
    hubLps: [0, 95, 0],
    entryLps: [0, 20, 0],
    depthMm: 15,
    tipToPathMm: 1.25,
    tipToTargetMm: 5,
    nearestNoGo: { name: 'L4 exiting root', distanceMm: 2.64 },
    contact: false,
    redirections: 1,
    needleLabel: 'Spinal 22G 3.5 in',
    feedsAttempt: false,
  };
  const texts = (r: XrRehearsal) => rehearsalLines(r).map((l) => l.text);
  it('rehearsal: depth, distances to the plan and the nearest structure', () => {
    expect(texts(base)).toEqual([
      'Rehearsal - Spinal 22G 3.5 in',
      'Depth in tissue 15.0 mm',
      'Tip to planned path 1.3 mm',
      'Tip to target 5.0 mm',
      'Clearance 2.6 mm to L4 exiting root',
      'Redirections 1',
    ]);
  });
  it('contact is a warning line', () => {
    const lines = rehearsalLines({
      ...base,
      contact: true,
      nearestNoGo: { name: 'aorta', distanceMm: -0.2 },
    });
    expect(lines.find((l) => l.warn)?.text).toBe('NO-GO CONTACT: aorta');
  });
  it('a trainee attempt shows no expert distances', () => {
    const t = texts({ ...base, feedsAttempt: true });
    expect(t[0]).toBe('Trainee attempt - Spinal 22G 3.5 in');
    expect(t.join(' ')).not.toMatch(/target|path|Clearance/);
    expect(t).toContain('Depth in tissue 15.0 mm');
  });
});
