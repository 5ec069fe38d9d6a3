// The C-arm monitor (src/volume/drrDisplay.ts displayGreyAt, step for step): the square detector field fits
// the view's shorter side; per view pixel, the line integral p and coverage (bilinear between DRR pixels),
// quantum noise for the nearest DRR pixel (hash-based normal deviate, the CPU's bits), the unsharp mask
// e = g B + (1 + k)(p - B) with B bilinear on the low-pass grid, the window, polarity, the fade to a flat grey
// beyond the scanned range, and black outside the iris collimator.
precision highp float;
precision highp int;

uniform sampler2D uRays;
uniform sampler2D uLowPass;
uniform float uSizePx;
uniform float uFactor;
// Half-extent of the view in field units (0.5 along the shorter side).
uniform vec2 uViewExtent;
uniform vec2 uWindow;
uniform bool uBlackBone;
uniform float uCollimation;
uniform float uEdgeGain;
uniform float uLowGain;
uniform float uPhotons;
uniform float uPRef;
uniform uint uNoiseSeed;
uniform float uNoDataGrey;

in vec2 vViewUv;
out vec4 fragColor;

// Bilinear on a texture's texels (centres at integers), clamped: the CPU's `bilinear`.
vec4 bilinear(sampler2D t, vec2 xy) {
  ivec2 size = textureSize(t, 0);
  vec2 c = clamp(xy, vec2(0.0), vec2(size - 1));
  ivec2 i0 = ivec2(floor(c));
  ivec2 i1 = min(i0 + 1, size - 1);
  vec2 a = c - vec2(i0);
  vec4 lo = mix(texelFetch(t, i0, 0), texelFetch(t, ivec2(i1.x, i0.y), 0), a.x);
  vec4 hi = mix(texelFetch(t, ivec2(i0.x, i1.y), 0), texelFetch(t, i1, 0), a.x);
  return mix(lo, hi, a.y);
}

uint hashU32(uint x) {
  uint h = x ^ 61u ^ (x >> 16);
  h *= 9u;
  h ^= h >> 4;
  h *= 0x27d4eb2du;
  return h ^ (h >> 15);
}

float unitFromHash(uint h) {
  return (float(h >> 8) + 0.5) / 16777216.0;
}

void main() {
  vec2 d = (vViewUv - 0.5) * 2.0 * uViewExtent;
  if (length(d) > 0.5 * uCollimation) {
    fragColor = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  // DRR pixel coordinates, GL rows (bottom up), centres at integers.
  vec2 xy = (d + 0.5) * uSizePx - 0.5;
  vec2 rays = bilinear(uRays, xy).rg;
  float p = rays.r;
  if (uPhotons > 0.0) {
    // Noise of the nearest DRR pixel, indexed with rows top to bottom like the CPU.
    ivec2 nearest = ivec2(floor(xy + 0.5));
    uint index = uint(int(uSizePx) - 1 - nearest.y) * uint(uSizePx) + uint(nearest.x);
    uint mixSeed = hashU32(uNoiseSeed);
    float u1 = unitFromHash(hashU32(2u * index + mixSeed));
    float u2 = unitFromHash(hashU32(2u * index + 1u + mixSeed));
    float z = sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    float lambda = uPhotons * exp(uPRef - p);
    float counts = max(0.5, lambda + sqrt(lambda) * z);
    p = uPRef - log(counts / uPhotons);
  }
  float blurred = bilinear(uLowPass, (xy + 0.5) / uFactor - 0.5).r;
  float e = uLowGain * blurred + (1.0 + uEdgeGain) * (p - blurred);
  float grey = clamp(0.5 + (e - uWindow.x) / uWindow.y, 0.0, 1.0);
  if (uBlackBone) grey = 1.0 - grey;
  grey = mix(uNoDataGrey, grey, clamp(rays.g, 0.0, 1.0));
  fragColor = vec4(vec3(grey), 1.0);
}
