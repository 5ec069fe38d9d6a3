// Low-pass grid of the DRR, steps 2 and 3 (src/volume/drrDisplay.ts lowPass): one direction of the separable
// Gaussian (normalised half-kernel uTaps[0..uRadius], clamp to edge) on the r channel of uSource; g and b
// carry the block means of uBlocks (line integral, coverage) along, so the last pass holds all three.
precision highp float;

uniform sampler2D uSource;
uniform sampler2D uBlocks;
uniform ivec2 uDirection;
uniform int uRadius;
uniform float uTaps[25];

out vec4 fragColor;

void main() {
  ivec2 at = ivec2(gl_FragCoord.xy);
  ivec2 last = textureSize(uSource, 0) - 1;
  float sum = uTaps[0] * texelFetch(uSource, at, 0).r;
  for (int i = 1; i <= 24; i++) {
    if (i > uRadius) break;
    float a = texelFetch(uSource, clamp(at - uDirection * i, ivec2(0), last), 0).r;
    float b = texelFetch(uSource, clamp(at + uDirection * i, ivec2(0), last), 0).r;
    sum += uTaps[i] * (a + b);
  }
  vec2 blocks = texelFetch(uBlocks, at, 0).rg;
  fragColor = vec4(sum, blocks, 1.0);
}
