import * as THREE from 'three';

/**
 * The floor of every GPU comparison: a full-target quad whose fragment shader makes exactly one 3D texture
 * fetch (the volume's middle slice) and writes it out. No frame of a raycaster or a DRR over the same
 * pixels can cost less than this; the ratio to it is the cost of the marching itself.
 */
export function createFloorMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    glslVersion: THREE.GLSL3,
    depthTest: false,
    depthWrite: false,
    uniforms: { uVolume: { value: null } },
    vertexShader: `out vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}`,
    fragmentShader: `precision highp float;
precision highp sampler3D;
uniform sampler3D uVolume;
in vec2 vUv;
out vec4 fragColor;
void main() {
  float hu = texture(uVolume, vec3(vUv, 0.5)).r;
  fragColor = vec4(vec3(clamp((hu + 1000.0) / 3000.0, 0.0, 1.0)), 1.0);
}`,
  });
}

/** A quad covering the whole target in clip space (the floor's vertex shader ignores the camera). */
export function createFullTargetQuad(material: THREE.Material): THREE.Mesh {
  const quad = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), material);
  quad.frustumCulled = false;
  return quad;
}
