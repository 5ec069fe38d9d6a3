// Slice smoothing of the DRR (src/volume/drrDisplay.ts smoothColumns): a Gaussian along the image's columns
// (half-kernel uTaps[0..uRadius], clamp to edge) on the CT's line integral (r - b: the needles' steel, b, is
// analytic and kept sharp) and the coverage (g), so a thick-slice CT's slice-to-slice kinks do not become lines
// under the edge enhancement.
precision highp float;

uniform sampler2D uRays;
uniform int uRadius;
uniform float uTaps[33];

out vec4 fragColor;

void main() {
  ivec2 at = ivec2(gl_FragCoord.xy);
  int last = textureSize(uRays, 0).y - 1;
  vec3 centre = texelFetch(uRays, at, 0).rgb;
  vec2 sum = uTaps[0] * vec2(centre.r - centre.b, centre.g);
  for (int i = 1; i <= 32; i++) {
    if (i > uRadius) break;
    vec3 a = texelFetch(uRays, ivec2(at.x, clamp(at.y - i, 0, last)), 0).rgb;
    vec3 b = texelFetch(uRays, ivec2(at.x, clamp(at.y + i, 0, last)), 0).rgb;
    sum += uTaps[i] * (vec2(a.r - a.b, a.g) + vec2(b.r - b.b, b.g));
  }
  fragColor = vec4(sum.x + centre.b, sum.y, centre.b, 1.0);
}
