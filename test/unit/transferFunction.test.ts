import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/core/mat4';
import { VOLUME_PRESET_IDS } from '../../src/core/volumeRendering';
import { boxBoundingSphere, textureToLpsMatrix } from '../../src/render/volumeBox';
import { createVolumeMaterial, setClipping, toMatrix4 } from '../../src/render/volumeMaterial';
import { STANDARD_VIEWS } from '../../src/render/volumeViews';
import {
  buildTransferFunctionLut,
  correctOpacity,
  evaluateTransferFunction,
  sortedControlPoints,
  type TransferFunction,
  transferFunctionRange,
} from '../../src/volume/transfer/transferFunction';
import { VOLUME_PRESETS } from '../../src/volume/transfer/transferFunctionPresets';

const ramp: TransferFunction = {
  referenceStepMm: 1,
  points: [
    { hu: 500, color: [1, 1, 1], opacity: 1 },
    { hu: 100, color: [1, 0, 0], opacity: 0 },
  ],
};

describe('transfer function', () => {
  it('interpolates linearly between sorted control points and clamps beyond them', () => {
    const points = sortedControlPoints(ramp.points);
    expect(points.map((p) => p.hu)).toEqual([100, 500]);
    expect(evaluateTransferFunction(points, 300)).toEqual([1, 0.5, 0.5, 0.5]);
    expect(evaluateTransferFunction(points, -1000)).toEqual([1, 0, 0, 0]);
    expect(evaluateTransferFunction(points, 3000)).toEqual([1, 1, 1, 1]);
  });

  it('rejects an empty or non-finite control point list', () => {
    expect(() => sortedControlPoints([])).toThrow(RangeError);
    expect(() => sortedControlPoints([{ hu: Number.NaN, color: [0, 0, 0], opacity: 0 }])).toThrow(RangeError);
  });

  it('builds a LUT whose linear lookup reproduces the function', () => {
    const range = transferFunctionRange(ramp);
    const size = 256;
    const lut = buildTransferFunctionLut(ramp, range, size);
    expect(lut.length).toBe(size * 4);
    const points = sortedControlPoints(ramp.points);
    for (const hu of [120, 250, 333, 499]) {
      // Linear texture filtering at u = (hu - min) / (max - min), texel centres at (e + 0.5) / size.
      const x = ((hu - range.minHu) / (range.maxHu - range.minHu)) * size - 0.5;
      const e = Math.floor(x);
      const f = x - e;
      const alpha = ((1 - f) * lut[e * 4 + 3]! + f * lut[(e + 1) * 4 + 3]!) / 255;
      expect(alpha).toBeCloseTo(evaluateTransferFunction(points, hu)[3], 2);
    }
  });

  it('keeps the end entries exactly at the end points (air adds no haze)', () => {
    for (const id of VOLUME_PRESET_IDS) {
      const tf = VOLUME_PRESETS[id].transferFunction;
      const lut = buildTransferFunctionLut(tf, transferFunctionRange(tf));
      const points = sortedControlPoints(tf.points);
      expect(lut[3]).toBe(Math.round(points[0]!.opacity * 255));
      expect(lut[lut.length - 1]).toBe(Math.round(points[points.length - 1]!.opacity * 255));
    }
    const bone = VOLUME_PRESETS.bone.transferFunction;
    expect(buildTransferFunctionLut(bone, transferFunctionRange(bone))[3]).toBe(0);
  });

  it('has presets with opacities in 0..1 and an isosurface threshold where the preset is visible', () => {
    for (const id of VOLUME_PRESET_IDS) {
      const preset = VOLUME_PRESETS[id];
      expect(preset.id).toBe(id);
      for (const p of preset.transferFunction.points) {
        expect(p.opacity).toBeGreaterThanOrEqual(0);
        expect(p.opacity).toBeLessThanOrEqual(1);
      }
      const points = sortedControlPoints(preset.transferFunction.points);
      expect(evaluateTransferFunction(points, preset.isoHu + 50)[3]).toBeGreaterThan(0);
    }
    const bone = sortedControlPoints(VOLUME_PRESETS.bone.transferFunction.points);
    expect(evaluateTransferFunction(bone, -1000)[3]).toBe(0); // air
    expect(evaluateTransferFunction(bone, 40)[3]).toBe(0); // soft tissue
    expect(evaluateTransferFunction(bone, 1200)[3]).toBeGreaterThan(0.5); // cortical bone
  });

  it('corrects opacity for the step length: two half steps make one reference step', () => {
    expect(correctOpacity(0.4, 1, 1)).toBeCloseTo(0.4, 12);
    const half = correctOpacity(0.4, 0.5, 1);
    expect(1 - (1 - half) ** 2).toBeCloseTo(0.4, 12);
    expect(correctOpacity(0, 3, 1)).toBe(0);
  });
});

describe('volume box geometry', () => {
  // 0.7 x 0.7 mm pixels, 2.5 mm slices, gantry tilt: slices shift posteriorly 0.5 mm per slice, feet first
  // (k runs towards the feet).
  const tilted = [0.7, 0, 0, -180, 0, 0.7, 0.5, -150, 0, 0, -2.5, 300, 0, 0, 0, 1];
  const dims = [512, 512, 120] as const;

  it('maps texel centres to voxel centres and the unit cube to the voxels outer faces', () => {
    const m = textureToLpsMatrix(tilted, dims);
    for (const ijk of [
      [0, 0, 0],
      [511, 0, 119],
      [100, 200, 50],
    ] as const) {
      const tc = [(ijk[0] + 0.5) / dims[0], (ijk[1] + 0.5) / dims[1], (ijk[2] + 0.5) / dims[2]] as const;
      const a = transformPoint(m, tc);
      const b = transformPoint(tilted, ijk);
      for (let c = 0; c < 3; c++) expect(a[c]).toBeCloseTo(b[c]!, 9);
    }
    const corner = transformPoint(m, [0, 0, 0]);
    const firstVoxel = transformPoint(tilted, [-0.5, -0.5, -0.5]);
    for (let c = 0; c < 3; c++) expect(corner[c]).toBeCloseTo(firstVoxel[c]!, 9);
  });

  it('bounds the box with a sphere about its centre', () => {
    const m = textureToLpsMatrix([2, 0, 0, -64, 0, 2, 0, -64, 0, 0, 2, -64, 0, 0, 0, 1], [64, 64, 64]);
    const { centreLps, radiusMm } = boxBoundingSphere(m);
    for (let c = 0; c < 3; c++) expect(centreLps[c]).toBeCloseTo(-1, 9); // voxel 32 sits at 0
    expect(radiusMm).toBeCloseTo(64 * Math.sqrt(3), 9);
  });

  it('moves the clip plane into texture space keeping which side is removed (sheared volume)', () => {
    const material = createVolumeMaterial();
    const textureToLps = toMatrix4(textureToLpsMatrix(tilted, dims));
    const lpsToTexture = textureToLps.clone().invert();
    const centre = new THREE.Vector3(0.5, 0.5, 0.5).applyMatrix4(textureToLps);
    // Remove everything more than 10 mm posterior of the centre.
    setClipping(
      material,
      { min: [0, 0, 0], max: [1, 1, 1] },
      { enabled: true, normalLps: [0, 1, 0], offsetMm: 10 },
      centre,
      lpsToTexture,
    );
    const p = material.uniforms.uClipPlaneTc!.value as THREE.Vector4;
    const side = (lps: THREE.Vector3) => {
      const tc = lps.clone().applyMatrix4(lpsToTexture);
      return p.x * tc.x + p.y * tc.y + p.z * tc.z + p.w;
    };
    expect(side(centre.clone().add(new THREE.Vector3(30, 11, -40)))).toBeGreaterThan(0); // removed
    expect(side(centre.clone().add(new THREE.Vector3(-30, 9, 40)))).toBeLessThan(0); // kept
    expect(side(centre.clone().add(new THREE.Vector3(5, 10, 5)))).toBeCloseTo(0, 9); // on the plane
    material.dispose();
  });
});

describe('standard views', () => {
  /** The patient direction that appears on screen right: forward x up. */
  const screenRight = (view: keyof typeof STANDARD_VIEWS) => {
    const v = STANDARD_VIEWS[view];
    const forward = new THREE.Vector3(...v.towardsCameraLps).negate();
    return forward
      .cross(new THREE.Vector3(...v.upLps))
      .toArray()
      .map((c) => c + 0); // + 0 turns -0 into 0
  };

  it('keeps up perpendicular to the view direction', () => {
    for (const v of Object.values(STANDARD_VIEWS))
      expect(new THREE.Vector3(...v.towardsCameraLps).dot(new THREE.Vector3(...v.upLps))).toBe(0);
  });

  it('shows the patient left on screen right from the front and from the feet, on screen left from behind', () => {
    expect(screenRight('anterior')).toEqual([1, 0, 0]);
    expect(screenRight('inferior')).toEqual([1, 0, 0]);
    expect(screenRight('posterior')).toEqual([-1, 0, 0]);
  });

  it('shows the prone table as the operator stands beside it: head to the left from the left side', () => {
    // Standing at the patient's left, looking down at the back: the feet are to the operator's right.
    expect(screenRight('prone')).toEqual([0, 0, -1]);
    expect(STANDARD_VIEWS.prone.upLps).toEqual([-1, 0, 0]); // the far side, the patient's right, up
    expect(screenRight('proneRight')).toEqual([0, 0, 1]);
    expect(STANDARD_VIEWS.proneRight.upLps).toEqual([1, 0, 0]);
  });
});
