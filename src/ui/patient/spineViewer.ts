/**
 * The patient's 3D spine viewer (issue 22), used in the app and, as its own source text (toString), inside
 * the patient's self-contained HTML file: so it must stay ONE function that refers to nothing outside
 * itself but browser globals. Canvas 2D: flat-shaded triangles drawn back to front (painter's algorithm)
 * with back faces culled, the planned needles on top; drag to turn. Viewed from behind at first (the patient
 * lies on their front): screen right is the patient's right (-x), up is superior (+z), the eye posterior.
 */
export interface SpineModel {
  /** x, y, z per vertex, LPS mm. */
  positions: Float32Array;
  indices: Uint32Array;
  /** [entry x, y, z, target x, y, z] per needle, LPS mm. */
  needles: number[][];
  left: string;
  right: string;
}

export function spineViewer(canvas: HTMLCanvasElement, model: SpineModel): void {
  const P = model.positions;
  const I = model.indices;
  const nv = P.length / 3;
  const nt = I.length / 3;
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < nv; v++)
    for (let a = 0; a < 3; a++) {
      const x = P[3 * v + a]!;
      if (x < min[a]!) min[a] = x;
      if (x > max[a]!) max[a] = x;
    }
  const c = [0, 1, 2].map((a) => (min[a]! + max[a]!) / 2);
  const extent = Math.max(max[0]! - min[0]!, max[1]! - min[1]!, max[2]! - min[2]!) || 1;
  const R = new Float32Array(nv * 3);
  const depth = new Float32Array(nt);
  const shade = new Float32Array(nt);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  let yaw = 0;
  let pitch = 0;
  let pending = false;
  const rot = (x: number, y: number, z: number, out: Float32Array | number[], o: number) => {
    const cy = Math.cos(yaw);
    const sy = Math.sin(yaw);
    const cp = Math.cos(pitch);
    const sp = Math.sin(pitch);
    const x1 = x * cy - y * sy;
    const y1 = x * sy + y * cy;
    out[o] = x1;
    out[o + 1] = y1 * cp - z * sp;
    out[o + 2] = y1 * sp + z * cp;
  };
  const draw = () => {
    pending = false;
    const W = canvas.width;
    const H = canvas.height;
    const s = (0.9 * Math.min(W, H)) / extent;
    const sx = (x: number) => W / 2 - x * s;
    const sy = (z: number) => H / 2 - z * s;
    ctx.fillStyle = '#10141a';
    ctx.fillRect(0, 0, W, H);
    for (let v = 0; v < nv; v++)
      rot(P[3 * v]! - c[0]!, P[3 * v + 1]! - c[1]!, P[3 * v + 2]! - c[2]!, R, 3 * v);
    const shown: number[] = [];
    for (let t = 0; t < nt; t++) {
      const a = 3 * I[3 * t]!;
      const b = 3 * I[3 * t + 1]!;
      const d = 3 * I[3 * t + 2]!;
      const ux = R[b]! - R[a]!;
      const uy = R[b + 1]! - R[a + 1]!;
      const uz = R[b + 2]! - R[a + 2]!;
      const wx = R[d]! - R[a]!;
      const wy = R[d + 1]! - R[a + 1]!;
      const wz = R[d + 2]! - R[a + 2]!;
      const ny = uz * wx - ux * wz;
      const len = Math.hypot(uy * wz - uz * wy, ny, ux * wy - uy * wx) || 1;
      // Outward normals (counter-clockwise triangles) facing the eye have a positive posterior component.
      if (ny / len <= 0.02) continue;
      shade[t] = 0.35 + 0.65 * (ny / len);
      depth[t] = R[a + 1]! + R[b + 1]! + R[d + 1]!;
      shown.push(t);
    }
    shown.sort((p, q) => depth[p]! - depth[q]!);
    ctx.lineWidth = 0.6;
    ctx.lineJoin = 'round';
    for (const t of shown) {
      const a = 3 * I[3 * t]!;
      const b = 3 * I[3 * t + 1]!;
      const d = 3 * I[3 * t + 2]!;
      const g = shade[t]!;
      const col = `rgb(${Math.round(235 * g)},${Math.round(225 * g)},${Math.round(200 * g)})`;
      ctx.fillStyle = col;
      ctx.strokeStyle = col;
      ctx.beginPath();
      ctx.moveTo(sx(R[a]!), sy(R[a + 2]!));
      ctx.lineTo(sx(R[b]!), sy(R[b + 2]!));
      ctx.lineTo(sx(R[d]!), sy(R[d + 2]!));
      ctx.closePath();
      ctx.fill();
      ctx.stroke();
    }
    const e = [0, 0, 0];
    const f = [0, 0, 0];
    for (const n of model.needles) {
      rot(n[0]! - c[0]!, n[1]! - c[1]!, n[2]! - c[2]!, e, 0);
      rot(n[3]! - c[0]!, n[4]! - c[1]!, n[5]! - c[2]!, f, 0);
      ctx.strokeStyle = '#ff8c1a';
      ctx.fillStyle = '#ff8c1a';
      ctx.lineWidth = Math.max(4, W / 120);
      ctx.lineCap = 'round';
      ctx.beginPath();
      ctx.moveTo(sx(e[0]!), sy(e[2]!));
      ctx.lineTo(sx(f[0]!), sy(f[2]!));
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(sx(f[0]!), sy(f[2]!), Math.max(5, W / 90), 0, 2 * Math.PI);
      ctx.fill();
    }
    const left = [0, 0, 0];
    rot(1, 0, 0, left, 0);
    const leftOnLeft = left[0]! > 0;
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold ${Math.round(W / 28)}px sans-serif`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(leftOnLeft ? model.left : model.right, 10, 10);
    ctx.textAlign = 'right';
    ctx.fillText(leftOnLeft ? model.right : model.left, W - 10, 10);
    canvas.setAttribute('data-drawn', String(shown.length));
  };
  const later = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(draw);
  };
  let last: [number, number] | null = null;
  canvas.addEventListener('pointerdown', (ev) => {
    last = [ev.clientX, ev.clientY];
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener('pointermove', (ev) => {
    if (!last) return;
    yaw += (ev.clientX - last[0]) * 0.01;
    pitch = Math.max(-1.5, Math.min(1.5, pitch + (ev.clientY - last[1]) * 0.01));
    last = [ev.clientX, ev.clientY];
    later();
  });
  canvas.addEventListener('pointerup', () => {
    last = null;
  });
  draw();
}
