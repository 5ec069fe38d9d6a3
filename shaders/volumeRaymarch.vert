// The box mesh is the unit cube of texture coordinates; modelMatrix maps it to LPS mm (render/volumeBox.ts).
out vec3 vTextureCoord;

void main() {
  vTextureCoord = position;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
