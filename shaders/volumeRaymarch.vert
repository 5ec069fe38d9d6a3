// The box mesh is the unit cube of texture coordinates; modelMatrix maps it to LPS mm (render/volumeBox.ts).
// It is drawn shrunk to uBoundsMin..uBoundsMax (texture coordinates): the bricks that may show something
// (render/volumeMaterial.ts setEmptySpaceSkipping), so pixels whose rays miss them run no fragment shader.
uniform vec3 uBoundsMin;
uniform vec3 uBoundsMax;
out vec3 vTextureCoord;

void main() {
  vTextureCoord = mix(uBoundsMin, uBoundsMax, position);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(vTextureCoord, 1.0);
}
