/**
 * Rendering (headless Chromium, SwiftShader): our 3D view vs NiiVue on the same volume at 800x600, a
 * one-texture-fetch-per-pixel shader as the floor, and the GPU reslice. Not built yet: recorded as a TODO
 * so the JSON and the README say what is missing.
 */
export const renderTodo = {
  status: 'todo',
  message:
    'Render: TODO - frame time of our 3D view vs NiiVue 0.69 (and a one-fetch-per-pixel floor) at 800x600 ' +
    'in Chromium/SwiftShader, GPU reslice, and bone surface vs vtk.js marching cubes are not measured yet.',
} as const;
