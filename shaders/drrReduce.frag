// Low-pass grid of the DRR, step 1 (src/volume/drrDisplay.ts lowPass): the mean of each f x f block of the
// line integrals (r) and coverage (g). The DRR side is a multiple of f (drrSizeFor), so the blocks tile it.
precision highp float;

uniform sampler2D uRays;
uniform int uFactor;

out vec4 fragColor;

void main() {
  ivec2 block = ivec2(gl_FragCoord.xy);
  vec2 sum = vec2(0.0);
  for (int y = 0; y < 16; y++) {
    if (y >= uFactor) break;
    for (int x = 0; x < 16; x++) {
      if (x >= uFactor) break;
      sum += texelFetch(uRays, block * uFactor + ivec2(x, y), 0).rg;
    }
  }
  fragColor = vec4(sum / float(uFactor * uFactor), 0.0, 1.0);
}
