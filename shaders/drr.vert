// A quad covering the whole view in clip space: the DRR is computed per pixel of the view, not by a camera.
out vec2 vViewUv;

void main() {
  vViewUv = position.xy * 0.5 + 0.5;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
