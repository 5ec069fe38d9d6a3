// Digitally reconstructed radiograph (cone beam): the line integral of linear attenuation along the ray from
// the point source to this detector pixel, written as a float to the DRR render target (r = line integral,
// g = the ray's coverage of the scanned range, b = the needles' share of r; drrDisplay.frag shows it). Mirrors src/volume/drr.ts (the CPU
// reference, computeDrrRays) step for step: the ray is clipped to the volume's texture box, split into N
// equal steps sampled at their midpoints; HU -> mu = mu_water (1 + HU/1000), clamped at 0 (CT number
// definition); the ray's part beyond the clip plane (the CT couch) is cut off its interval. Steel needles: mu_steel x their
// analytic chord length (a finite cylinder per needle) on 3 x 3 rays per pixel, transmissions averaged.
precision highp float;
precision highp sampler3D;

uniform sampler3D uVolume;
uniform mat4 uLpsToTexture;
uniform vec3 uSourceLps;
uniform vec3 uDetectorCentreLps;
uniform vec3 uRightLps;
uniform vec3 uUpLps;
uniform float uFieldMm;
uniform float uStepMm;
uniform float uMuWaterPerMm;
uniform float uMuSteelPerMm;
uniform int uNeedleCount;
uniform vec3 uNeedleFrom[8];
uniform vec3 uNeedleTo[8];
uniform float uNeedleRadius[8];
// Detector pixels a side (for the needle's sub-pixel rays).
uniform float uSizePx;
uniform bool uClip;
uniform vec3 uClipPoint;
uniform vec3 uClipNormal;

// Texture coordinates of the square render target = detector fractions, y up.
in vec2 vViewUv;
out vec4 fragColor;

const int MAX_STEPS = 1024;
const int NEEDLE_SUBSAMPLES = 3;
const float MIN_NEEDLE_TRANSMISSION = 1e-30;

// Ray interval [t0, t1] inside the texture box for the first `axes` axes (2: the in-plane slab only).
vec2 boxInterval(vec3 o, vec3 d, bool slabOnly) {
  vec3 inv = 1.0 / d;
  vec3 ta = (vec3(0.0) - o) * inv;
  vec3 tb = (vec3(1.0) - o) * inv;
  vec3 tmin = min(ta, tb);
  vec3 tmax = max(ta, tb);
  if (slabOnly) return vec2(max(0.0, max(tmin.x, tmin.y)), min(1.0, min(tmax.x, tmax.y)));
  return vec2(max(0.0, max(tmin.x, max(tmin.y, tmin.z))), min(1.0, min(tmax.x, min(tmax.y, tmax.z))));
}

float needleChord(vec3 origin, vec3 dir, float maxT, vec3 a, vec3 b, float radius) {
  vec3 axis = b - a;
  float len = length(axis);
  if (len == 0.0) return 0.0;
  vec3 e = axis / len;
  vec3 o = origin - a;
  float oe = dot(o, e);
  float we = dot(dir, e);
  vec3 op = o - e * oe;
  vec3 wp = dir - e * we;
  float qa = dot(wp, wp);
  float qc = dot(op, op) - radius * radius;
  float t0 = 0.0;
  float t1 = maxT;
  if (qa < 1e-12) {
    if (qc > 0.0) return 0.0;
  } else {
    float qb = 2.0 * dot(op, wp);
    float disc = qb * qb - 4.0 * qa * qc;
    if (disc <= 0.0) return 0.0;
    float s = sqrt(disc);
    t0 = max(t0, (-qb - s) / (2.0 * qa));
    t1 = min(t1, (-qb + s) / (2.0 * qa));
  }
  if (abs(we) < 1e-12) {
    if (oe < 0.0 || oe > len) return 0.0;
  } else {
    float ta = -oe / we;
    float tb = (len - oe) / we;
    t0 = max(t0, min(ta, tb));
    t1 = min(t1, max(ta, tb));
  }
  return max(0.0, t1 - t0);
}

void main() {
  // Detector coordinates in field units, 0 at the centre; y up.
  vec2 d = vViewUv - 0.5;
  vec3 pixelLps = uDetectorCentreLps + uRightLps * (d.x * uFieldMm) + uUpLps * (d.y * uFieldMm);
  vec3 rayLps = pixelLps - uSourceLps;
  float rayMm = length(rayLps);
  vec3 sourceTc = (uLpsToTexture * vec4(uSourceLps, 1.0)).xyz;
  vec3 dirTc = (uLpsToTexture * vec4(pixelLps, 1.0)).xyz - sourceTc;

  vec2 slab = boxInterval(sourceTc, dirTc, true);
  vec2 box = boxInterval(sourceTc, dirTc, false);
  float coverage = slab.y <= slab.x ? 1.0 : min(1.0, max(0.0, box.y - box.x) / (slab.y - slab.x));
  float t0 = box.x;
  float t1 = box.y;
  // Clip plane along the ray: s(t) = s0 + t * sd; the part kept (s <= 0) is one end of the interval.
  if (uClip) {
    float s0 = dot(uSourceLps - uClipPoint, uClipNormal);
    float sd = dot(rayLps, uClipNormal);
    if (abs(sd) < 1e-12) {
      if (s0 > 0.0) t1 = t0;
    } else if (sd > 0.0) t1 = min(t1, -s0 / sd);
    else t0 = max(t0, -s0 / sd);
  }

  float sum = 0.0;
  if (t1 > t0) {
    float segMm = (t1 - t0) * rayMm;
    int steps = min(MAX_STEPS, int(ceil(segMm / uStepMm)));
    float dt = (t1 - t0) / float(steps);
    float dsMm = segMm / float(steps);
    for (int s = 0; s < MAX_STEPS; s++) {
      if (s >= steps) break;
      float t = t0 + (float(s) + 0.5) * dt;
      vec3 p = sourceTc + t * dirTc;
      float hu = texture(uVolume, p).r;
      sum += max(0.0, uMuWaterPerMm * (1.0 + hu / 1000.0)) * dsMm;
    }
  }
  float steelP = 0.0;
  if (uNeedleCount > 0) {
    float transmission = 0.0;
    float pixel = 1.0 / uSizePx;
    for (int sy = 0; sy < NEEDLE_SUBSAMPLES; sy++)
      for (int sx = 0; sx < NEEDLE_SUBSAMPLES; sx++) {
        // Sub-pixel offsets as the CPU's (rows top to bottom there: y down, so the y offset is negated).
        vec2 o = (vec2(float(sx), -float(sy)) + vec2(0.5, -0.5)) / float(NEEDLE_SUBSAMPLES) - vec2(0.5, -0.5);
        vec2 q = d + o * pixel;
        vec3 ray = uDetectorCentreLps + uRightLps * (q.x * uFieldMm) + uUpLps * (q.y * uFieldMm) - uSourceLps;
        float len = length(ray);
        vec3 dir = ray / len;
        float steel = 0.0;
        for (int i = 0; i < 8; i++) {
          if (i >= uNeedleCount) break;
          steel += needleChord(uSourceLps, dir, len, uNeedleFrom[i], uNeedleTo[i], uNeedleRadius[i]);
        }
        transmission += exp(-uMuSteelPerMm * steel);
      }
    steelP = -log(max(MIN_NEEDLE_TRANSMISSION, transmission / float(NEEDLE_SUBSAMPLES * NEEDLE_SUBSAMPLES)));
    sum += steelP;
  }

  fragColor = vec4(sum, coverage, steelP, 1.0);
}
