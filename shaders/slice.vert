// Slice quad: positions are in-plane millimetres (x along u, y along v); the fragment shader maps them to LPS.
out vec2 vPlaneMm;

void main() {
  vPlaneMm = position.xy;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
