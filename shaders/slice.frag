// Reslices the volume texture on a plane in patient LPS, with an optional thin slab (MIP or mean) along the
// normal, then applies the display window. Same rules as the CPU reference (src/volume/reslice.ts):
// texel centre of voxel i is (i + 0.5) / n; beyond the volume's outer edge a sample is skipped; no sample -> black.
precision highp float;
precision highp sampler3D;

uniform sampler3D uVolume;
uniform mat4 uLpsToIjk;
uniform vec3 uDims;
uniform vec3 uOriginLps;
uniform vec3 uAxisULps;
uniform vec3 uAxisVLps;
uniform vec3 uNormalLps;
uniform float uSlabMm;
uniform int uSlabSamples;
uniform int uSlabMode; // 0 = MIP, 1 = mean
uniform vec2 uWindow; // (width, level)

in vec2 vPlaneMm;
out vec4 outColor;

const int MAX_SLAB_SAMPLES = 64;

void main() {
  vec3 lps = uOriginLps + vPlaneMm.x * uAxisULps + vPlaneMm.y * uAxisVLps;
  float acc = uSlabMode == 0 ? -1.0e30 : 0.0;
  int count = 0;
  for (int s = 0; s < MAX_SLAB_SAMPLES; s++) {
    if (s >= uSlabSamples) break;
    float t = uSlabSamples > 1 ? (float(s) / float(uSlabSamples - 1) - 0.5) * uSlabMm : 0.0;
    vec3 ijk = (uLpsToIjk * vec4(lps + t * uNormalLps, 1.0)).xyz;
    if (any(lessThan(ijk, vec3(-0.5))) || any(greaterThan(ijk, uDims - 0.5))) continue;
    float value = texture(uVolume, (ijk + 0.5) / uDims).r;
    acc = uSlabMode == 0 ? max(acc, value) : acc + value;
    count++;
  }
  if (count == 0) {
    outColor = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  float value = uSlabMode == 0 ? acc : acc / float(count);
  float width = max(uWindow.x, 1.0);
  float grey = clamp((value - (uWindow.y - 0.5 * width)) / width, 0.0, 1.0);
  outColor = vec4(vec3(grey), 1.0);
}
