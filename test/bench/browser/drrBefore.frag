// The DRR line-integral pass as it was before issue 18 (git 91584b9 shaders/drr.frag), kept for the bench.
// Digitally reconstructed radiograph (cone beam): the line integral of linear attenuation along the ray from
// the point source to this detector pixel, written as a float to the DRR render target (drrDisplay.frag
// windows it). Mirrors src/volume/drr.ts (the CPU
// reference) step for step: the ray is clipped to the volume's texture box, split into N equal steps
// sampled at their midpoints; HU -> mu = mu_water (1 + HU/1000), clamped at 0 (CT number definition).
// Steel needles add mu_steel x their analytic chord length (a finite cylinder per needle).
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

// Texture coordinates of the square render target = detector fractions, y up.
in vec2 vViewUv;
out vec4 fragColor;

const int MAX_STEPS = 1024;

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

  // Slab test against the unit texture box, for t in [0, 1] from source to pixel.
  vec3 inv = 1.0 / dirTc;
  vec3 ta = (vec3(0.0) - sourceTc) * inv;
  vec3 tb = (vec3(1.0) - sourceTc) * inv;
  vec3 tmin = min(ta, tb);
  vec3 tmax = max(ta, tb);
  float t0 = max(0.0, max(tmin.x, max(tmin.y, tmin.z)));
  float t1 = min(1.0, min(tmax.x, min(tmax.y, tmax.z)));

  float sum = 0.0;
  if (t1 > t0) {
    float segMm = (t1 - t0) * rayMm;
    int steps = min(MAX_STEPS, int(ceil(segMm / uStepMm)));
    float dt = (t1 - t0) / float(steps);
    float dsMm = segMm / float(steps);
    for (int s = 0; s < MAX_STEPS; s++) {
      if (s >= steps) break;
      vec3 p = sourceTc + (t0 + (float(s) + 0.5) * dt) * dirTc;
      float hu = texture(uVolume, p).r;
      sum += max(0.0, uMuWaterPerMm * (1.0 + hu / 1000.0)) * dsMm;
    }
  }
  vec3 dir = rayLps / rayMm;
  for (int i = 0; i < 8; i++) {
    if (i >= uNeedleCount) break;
    sum += uMuSteelPerMm * needleChord(uSourceLps, dir, rayMm, uNeedleFrom[i], uNeedleTo[i], uNeedleRadius[i]);
  }

  fragColor = vec4(sum, 0.0, 0.0, 1.0);
}
