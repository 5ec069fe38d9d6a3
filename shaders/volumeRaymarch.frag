// Raymarches a scalar volume (HU) inside its box. The box is drawn with back faces so the camera may sit
// inside it; the ray is intersected with the crop box and the clip plane in texture space, which keeps
// the maths a plain slab test even for sheared (gantry-tilted) volumes.
// Modes: 0 shaded composite through a 1D transfer function, 1 MIP, 2 first-hit isosurface.
// Speed: early ray termination at 98% opacity, and empty-space skipping over bricks of voxels whose HU range
// the current transfer function (or threshold) shows as nothing (volume/bricks.ts): only the
// box of the bricks that may show something is drawn and marched, and a ray leaps over whole blocks of empty
// bricks (a brick distance map). Skips land on the same step grid as the plain march, so skipping changes
// the cost, not the picture. Composite mode
// reads an 8-bit copy of the volume (render/volumeClassTexture.ts) when one is made, and makes no transfer-
// function lookup for samples below the function's lowest visible HU (issue 20).
// Depth: the fragment carries the depth of the first opaque hit so needles and points drawn in the same
// view composite correctly against bone.
precision highp float;
precision highp sampler3D;

uniform sampler3D uVolume;
uniform sampler2D uTransfer;
uniform vec2 uTransferRangeHu;
uniform float uReferenceStepMm;
uniform vec3 uDims;
uniform mat4 uLpsToTexture;
uniform mat3 uGradientToLps;
uniform mat4 modelMatrix;
uniform mat4 projectionMatrix;
// The viewport being drawn (x, y, width, height in framebuffer pixels; render/volumeMaterial.ts sets it
// before each draw): each pixel's ray is computed from its centre, not interpolated over the drawn box.
uniform vec4 uViewport;
uniform int uMode;
uniform float uStepTc;
uniform vec3 uCropMin;
uniform vec3 uCropMax;
uniform vec4 uClipPlaneTc;
// The CT couch, left out like the clip plane (issue 19); (0, 0, 0, -1) keeps everything.
uniform vec4 uCouchPlaneTc;
uniform float uIsoHu;
uniform vec3 uIsoColor;
uniform vec2 uMipWindowHu;
uniform float uJitterSeed;
uniform sampler3D uOccupancy;
uniform vec3 uBrickTc;
uniform vec3 uBrickCount;
uniform bool uSkipEmpty;
// The box of the bricks that may show something (texture coordinates; (0,0,0)-(1,1,1) without skipping):
// samples outside it would add nothing, so rays start and end at its faces (on the plain march's grid).
uniform vec3 uBoundsMin;
uniform vec3 uBoundsMax;
uniform bool uDebugCost;
// Composite mode only: the volume quantised to 8 bits over uClassRangeHu (render/volumeClassTexture.ts),
// half the R16F texture's bytes to filter per fetch; MIP and surface modes keep reading HU.
uniform sampler3D uClassVolume;
uniform bool uUseClassVolume;
uniform vec2 uClassRangeHu;
// Samples at or below this HU map to zero opacity in the transfer function (exact, from its LUT): they
// need no lookup.
uniform float uVisibleFromHu;
// Early ray termination (render/volumeMaterial.ts OPAQUE_ALPHA).
uniform float uOpaqueAlpha;
// Over samples that show nothing the composite loop takes only every uTransparentStride-th sample of the
// plain step grid; the first sample that shows something sends it back to the first one it jumped over,
// so every visible sample is taken on the plain grid. 1 (the app's) is the plain march; 2 may miss faint
// structure thinner than two steps lying wholly between two transparent samples (NiiVue's matte mode skips
// likewise), and then skipping on or off can change a pixel.
uniform float uTransparentStride;

in vec3 vTextureCoord;
out vec4 fragColor;

const int MAX_STEPS = 2048;

float sampleHu(vec3 p) {
  return texture(uVolume, p).r;
}

// The value the composite loop classifies: HU, or the 8-bit copy mapped back to HU (clamped to its range,
// as the transfer function's own lookup clamps).
float sampleClassHu(vec3 p) {
  if (uUseClassVolume) return uClassRangeHu.x + texture(uClassVolume, p).r * (uClassRangeHu.y - uClassRangeHu.x);
  return texture(uVolume, p).r;
}

// Central differences over one voxel, in texture space; uGradientToLps (inverse transpose of the linear part
// of texture->LPS) turns it into an LPS gradient, so lighting stays right on anisotropic or sheared grids.
// Always from HU, also when the composite loop reads the 8-bit copy: its ~10 HU levels flatten gentle
// gradients (a 1 HU/voxel ramp reads as flat and lights as such), and only shaded samples pay for it.
// (Tetrahedral differences, 4 fetches instead of 6, saved ~3% of a frame here and darkened thin processes:
// not used.)
vec3 gradientLps(vec3 p) {
  vec3 h = 1.0 / uDims;
  vec3 g = vec3(
    sampleHu(p + vec3(h.x, 0.0, 0.0)) - sampleHu(p - vec3(h.x, 0.0, 0.0)),
    sampleHu(p + vec3(0.0, h.y, 0.0)) - sampleHu(p - vec3(0.0, h.y, 0.0)),
    sampleHu(p + vec3(0.0, 0.0, h.z)) - sampleHu(p - vec3(0.0, 0.0, h.z))
  );
  return uGradientToLps * (g * 0.5 * uDims);
}

// Headlight Blinn-Phong, two-sided (CT gradients point either way at a surface).
vec3 shade(vec3 color, vec3 p, vec3 towardsEyeLps) {
  vec3 g = gradientLps(p);
  float len = length(g);
  if (len < 1e-3) return color * 0.65;
  vec3 n = g / len;
  float diffuse = abs(dot(n, towardsEyeLps));
  float d2 = diffuse * diffuse;
  float d8 = d2 * d2 * d2 * d2;
  float specular = d8 * d8 * d8;
  return color * (0.25 + 0.75 * diffuse) + vec3(0.25 * specular);
}

float fragmentDepth(vec3 p) {
  vec4 clip = projectionMatrix * viewMatrix * modelMatrix * vec4(p, 1.0);
  return clamp(clip.z / clip.w * 0.5 + 0.5, 0.0, 1.0);
}

// Per-pixel hash (Dave Hoskins, "Hash without sine"): deterministic for a given seed, so tests are stable.
float hash12(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}

// Ray parameter where the ray leaves the brick holding p (slab test on that brick's box); `empty` tells
// whether the brick shows nothing. uOccupancy holds per brick the chessboard distance in bricks to the
// nearest brick that may show something (volume/bricks.ts brickDistanceMap; 0 = this one may):
// at distance d every brick within d - 1 of this one is empty too, so the ray leaves that whole block of
// (2d - 1)^3 empty bricks in one step instead of one brick at a time.
float brickExit(vec3 p, vec3 eyeTc, vec3 invDir, out bool empty) {
  vec3 b = clamp(floor(p / uBrickTc), vec3(0.0), uBrickCount - 1.0);
  float d = floor(texelFetch(uOccupancy, ivec3(b), 0).r * 255.0 + 0.5);
  empty = d > 0.5;
  float r = max(d - 1.0, 0.0);
  vec3 lo = (b - r) * uBrickTc;
  vec3 tA = (lo - eyeTc) * invDir;
  vec3 tB = (lo + (2.0 * r + 1.0) * uBrickTc - eyeTc) * invDir;
  vec3 tExit = max(tA, tB);
  return min(min(tExit.x, tExit.y), tExit.z);
}

// Moves the sample index n (t = tStart + n * step) past an empty brick by whole steps, so later samples sit
// exactly where the plain march puts them. Looks the grid up only when t has left the last occupied brick.
// True when n was moved.
bool skipEmptyBrick(inout float n, inout float t, float tStart, inout float tBrickEnd, vec3 eyeTc, vec3 dir,
                    vec3 invDir) {
  if (!uSkipEmpty || t <= tBrickEnd) return false;
  bool empty;
  float tExit = brickExit(eyeTc + dir * t, eyeTc, invDir, empty);
  if (!empty) {
    tBrickEnd = tExit;
    return false;
  }
  n += max(1.0, ceil((tExit - t) / uStepTc));
  t = tStart + n * uStepTc;
  return true;
}

// Debug view of the work done (see setDebugCost): samples / 1024 as grey, red = stopped early.
vec4 costColor(int samples, bool terminatedEarly) {
  float grey = float(samples) / 1024.0;
  return vec4(terminatedEarly ? 1.0 : grey, grey, grey, 1.0);
}

void main() {
  vec3 eyeTc = (uLpsToTexture * vec4(cameraPosition, 1.0)).xyz;
  // The ray through this pixel's centre for a perspective projection (three.js makePerspective: ndc.x =
  // (P00 x + P20 z) / -z): the same whatever box is drawn, so drawing only the occupied bricks' box
  // (volumeRaymarch.vert) changes which pixels run, not their rays. (Interpolating the drawn box's
  // back-face point moved rays by a fraction of a voxel when the box changed.)
  vec2 ndc = (gl_FragCoord.xy - uViewport.xy) / uViewport.zw * 2.0 - 1.0;
  vec3 dirView = vec3(
    (ndc.x + projectionMatrix[2][0]) / projectionMatrix[0][0],
    (ndc.y + projectionMatrix[2][1]) / projectionMatrix[1][1],
    -1.0
  );
  vec3 dir = normalize(mat3(uLpsToTexture) * (inverse(mat3(viewMatrix)) * dirView));

  // Slab test against the crop box. A zero direction component would give 0 * inf = NaN in the slab tests.
  vec3 safeDir = mix(dir, vec3(1e-7), lessThan(abs(dir), vec3(1e-7)));
  vec3 invDir = 1.0 / safeDir;
  vec3 t0 = (uCropMin - eyeTc) * invDir;
  vec3 t1 = (uCropMax - eyeTc) * invDir;
  vec3 tMin = min(t0, t1);
  vec3 tMax = max(t0, t1);
  float tNear = max(max(max(tMin.x, tMin.y), tMin.z), 0.0);
  float tFar = min(min(tMax.x, tMax.y), tMax.z);

  // Clip plane: keep dot(n, p) + w <= 0.
  float sEye = dot(uClipPlaneTc.xyz, eyeTc) + uClipPlaneTc.w;
  float sDir = dot(uClipPlaneTc.xyz, dir);
  if (abs(sDir) < 1e-8) {
    if (sEye > 0.0) discard;
  } else {
    float tPlane = -sEye / sDir;
    if (sDir > 0.0) tFar = min(tFar, tPlane);
    else tNear = max(tNear, tPlane);
  }
  float cEye = dot(uCouchPlaneTc.xyz, eyeTc) + uCouchPlaneTc.w;
  float cDir = dot(uCouchPlaneTc.xyz, dir);
  if (abs(cDir) < 1e-8) {
    if (cEye > 0.0) discard;
  } else {
    float tCouch = -cEye / cDir;
    if (cDir > 0.0) tFar = min(tFar, tCouch);
    else tNear = max(tNear, tCouch);
  }
  if (tNear >= tFar) discard;

  vec3 towardsEyeLps = -normalize(mat3(modelMatrix) * dir);
  float stepMm = length(mat3(modelMatrix) * dir) * uStepTc;
  // Sample n sits at tStart + n * step, computed (not accumulated) so positions do not drift with rounding
  // and a skip lands on exactly the sample the plain march would take.
  float tStart = tNear + hash12(gl_FragCoord.xy + uJitterSeed) * uStepTc;
  // The first and last samples that can show something: inside the bounds of the occupied bricks. The
  // sample grid stays anchored at the crop box, so the samples taken are the plain march's.
  vec3 b0 = (uBoundsMin - eyeTc) * invDir;
  vec3 b1 = (uBoundsMax - eyeTc) * invDir;
  vec3 bMin = min(b0, b1);
  vec3 bMax = max(b0, b1);
  float tLast = min(tFar, min(min(bMax.x, bMax.y), bMax.z));
  float nFirst = max(0.0, ceil((max(max(bMin.x, bMin.y), bMin.z) - tStart) / uStepTc));
  float n = nFirst;
  float t = tStart + n * uStepTc;
  if (t > tLast) discard;

  vec4 acc = vec4(0.0);
  vec3 depthAt = vTextureCoord;
  bool opaqueHit = false;
  float tBrickEnd = -1.0;
  int samples = 0;
  bool terminatedEarly = false;

  if (uMode == 0) {
    // Samples up to nDone are composited or known to show nothing; nShown is a later sample known to show
    // something (found by a stride over transparent samples), -1 when none.
    float nDone = n - 1.0;
    float nShown = -1.0;
    for (int i = 0; i < MAX_STEPS; i++) {
      if (t > tLast) break;
      if (skipEmptyBrick(n, t, tStart, tBrickEnd, eyeTc, dir, invDir)) {
        // Land on the stride's grid as the plain march would have (the samples before it lie in the empty
        // brick), so skipping on or off gives the same samples.
        nDone = n - 1.0;
        n = ceil(n / uTransparentStride) * uTransparentStride;
        t = tStart + n * uStepTc;
        continue;
      }
      vec3 p = eyeTc + dir * t;
      float hu = sampleClassHu(p);
      samples++;
      if (hu <= uVisibleFromHu) {
        nDone = n;
        // The next sample on the stride's grid (multiples of the stride), or the known visible one.
        n = (floor(n / uTransparentStride) + 1.0) * uTransparentStride;
        if (nShown > nDone) n = min(n, nShown);
        t = tStart + n * uStepTc;
        continue;
      }
      if (n - nDone > 1.0) {
        // Back to the first sample the stride jumped over.
        nShown = n;
        n = nDone + 1.0;
        t = tStart + n * uStepTc;
        continue;
      }
      nDone = n;
      vec4 tf = texture(uTransfer, vec2((hu - uTransferRangeHu.x) / (uTransferRangeHu.y - uTransferRangeHu.x), 0.5));
      if (tf.a > 0.002) {
        // Opacity correction for the real step (Engel et al. 2006, sec. 9.1.3).
        float alpha = 1.0 - pow(1.0 - min(tf.a, 0.999), stepMm / uReferenceStepMm);
        vec3 color = shade(tf.rgb, p, towardsEyeLps);
        acc.rgb += (1.0 - acc.a) * alpha * color;
        acc.a += (1.0 - acc.a) * alpha;
        if (!opaqueHit && acc.a >= 0.5) {
          opaqueHit = true;
          depthAt = p;
        }
        if (acc.a > uOpaqueAlpha) {
          terminatedEarly = true;
          break;
        }
      }
      n += 1.0;
      t = tStart + n * uStepTc;
    }
    if (uDebugCost) {
      gl_FragDepth = fragmentDepth(eyeTc + dir * tNear);
      fragColor = costColor(samples, terminatedEarly);
      return;
    }
    if (acc.a < 0.004) discard;
    if (!opaqueHit) depthAt = eyeTc + dir * tNear;
#ifndef COMPOSITE_ONLY
  // MIP and surface modes (left out of the composite-only program, render/volumeMaterial.ts).
  } else if (uMode == 1) {
    float maxHu = -1e20;
    for (int i = 0; i < MAX_STEPS; i++) {
      if (t > tLast) break;
      if (skipEmptyBrick(n, t, tStart, tBrickEnd, eyeTc, dir, invDir)) continue;
      vec3 p = eyeTc + dir * t;
      float hu = sampleHu(p);
      samples++;
      if (hu > maxHu) {
        maxHu = hu;
        depthAt = p;
      }
      n += 1.0;
      t = tStart + n * uStepTc;
    }
    if (uDebugCost) {
      gl_FragDepth = fragmentDepth(eyeTc + dir * tNear);
      fragColor = costColor(samples, false);
      return;
    }
    float grey = clamp((maxHu - uMipWindowHu.x) / (uMipWindowHu.y - uMipWindowHu.x), 0.0, 1.0);
    if (grey <= 0.0) discard;
    acc = vec4(vec3(grey), 1.0);
  } else {
    // One step back lies before the bounds (below the threshold) when the march starts inside them.
    float prevT = nFirst > 0.0 ? t - uStepTc : t;
    bool hit = false;
    for (int i = 0; i < MAX_STEPS; i++) {
      if (t > tLast) break;
      if (skipEmptyBrick(n, t, tStart, tBrickEnd, eyeTc, dir, invDir)) {
        // The sample one step back lies in the skipped brick, below the threshold: bisection starts there.
        prevT = tStart + (n - 1.0) * uStepTc;
        continue;
      }
      samples++;
      if (sampleHu(eyeTc + dir * t) >= uIsoHu) {
        hit = true;
        break;
      }
      prevT = t;
      n += 1.0;
      t = tStart + n * uStepTc;
    }
    if (uDebugCost) {
      gl_FragDepth = fragmentDepth(eyeTc + dir * tNear);
      fragColor = costColor(samples, hit);
      return;
    }
    if (!hit) discard;
    // Bisection between the last sample below and the first above the threshold.
    float lo = prevT;
    float hi = t;
    for (int i = 0; i < 6; i++) {
      float mid = 0.5 * (lo + hi);
      if (sampleHu(eyeTc + dir * mid) >= uIsoHu) hi = mid;
      else lo = mid;
    }
    depthAt = eyeTc + dir * hi;
    acc = vec4(shade(uIsoColor, depthAt, towardsEyeLps), 1.0);
  }
#else
  }
#endif

  gl_FragDepth = fragmentDepth(depthAt);
  fragColor = acc;
}
