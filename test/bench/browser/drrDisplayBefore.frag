// The DRR monitor pass as it was before issue 18 (git 91584b9 shaders/drrDisplay.frag), kept for the bench.
// Shows the DRR (line integrals in a float texture) on the monitor: the square detector field fits the view's
// shorter side; outside the iris collimator the image is black; grey = window on the line integral
// (src/volume/drrDisplay.ts, drrGrey), inverted for black bone.
precision highp float;

uniform sampler2D uDrr;
// Half-extent of the view in field units (0.5 along the shorter side).
uniform vec2 uViewExtent;
uniform vec2 uWindow;
uniform bool uBlackBone;
uniform float uCollimation;

in vec2 vViewUv;
out vec4 fragColor;

void main() {
  vec2 d = (vViewUv - 0.5) * 2.0 * uViewExtent;
  if (length(d) > 0.5 * uCollimation) {
    fragColor = vec4(0.0, 0.0, 0.0, 1.0);
    return;
  }
  float p = texture(uDrr, d + 0.5).r;
  float grey = clamp(0.5 + (p - uWindow.x) / uWindow.y, 0.0, 1.0);
  if (uBlackBone) grey = 1.0 - grey;
  fragColor = vec4(vec3(grey), 1.0);
}
