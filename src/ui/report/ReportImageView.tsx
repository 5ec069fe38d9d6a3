import { useEffect, useRef } from 'react';
import type { ReportImage, ReportMark } from '../../planning/reportImage';
import { scaleBar } from './reportFormat';

function Mark({ mark, colour, unit }: { mark: ReportMark; colour: string; unit: number }) {
  if (mark.kind === 'line')
    return (
      <line
        x1={mark.from[0]}
        y1={mark.from[1]}
        x2={mark.to[0]}
        y2={mark.to[1]}
        stroke={colour}
        strokeWidth={1.6 * unit}
        strokeLinecap="round"
      />
    );
  if (mark.kind === 'dot') return <circle cx={mark.at[0]} cy={mark.at[1]} r={2.2 * unit} fill={colour} />;
  return (
    <circle
      cx={mark.at[0]}
      cy={mark.at[1]}
      r={mark.radiusPx}
      fill="none"
      stroke="#ffd400"
      strokeWidth={1.2 * unit}
    />
  );
}

/**
 * One report picture: the grey image on a canvas (printed as pixels) and the marks, orientation letters and
 * scale bar as SVG on top (printed as sharp vectors at any zoom).
 */
export function ReportImageView({ image, colour }: { image: ReportImage; colour: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const rgba = new ImageData(image.width, image.height);
    for (let i = 0; i < image.grey.length; i++) {
      const g = image.grey[i]!;
      rgba.data[4 * i] = g;
      rgba.data[4 * i + 1] = g;
      rgba.data[4 * i + 2] = g;
      rgba.data[4 * i + 3] = 255;
    }
    ctx.putImageData(rgba, 0, 0);
  }, [image]);
  const unit = image.width / 128;
  const bar = scaleBar(image.width, image.mmPerPx);
  const fontSize = 9 * unit;
  return (
    <figure className="report-figure" data-testid={`report-image-${image.id}`}>
      <figcaption className="report-figure-title">{image.title}</figcaption>
      <div className="report-picture">
        <canvas ref={canvas} width={image.width} height={image.height} />
        <svg viewBox={`0 0 ${image.width} ${image.height}`} aria-hidden="true">
          {image.marks.map((m) => (
            <Mark key={`${m.kind}-${m.role}`} mark={m} colour={colour} unit={unit} />
          ))}
          <text
            x={image.width - 2 * unit}
            y={image.height / 2 + fontSize / 3}
            textAnchor="end"
            fontSize={fontSize}
            fill="#ffd400"
          >
            {image.letters.right}
          </text>
          <text
            x={image.width / 2}
            y={fontSize + unit}
            textAnchor="middle"
            fontSize={fontSize}
            fill="#ffd400"
          >
            {image.letters.up}
          </text>
          <line
            x1={4 * unit}
            x2={4 * unit + bar.px}
            y1={image.height - 5 * unit}
            y2={image.height - 5 * unit}
            stroke="#ffffff"
            strokeWidth={1.5 * unit}
          />
          <text x={4 * unit} y={image.height - 8 * unit} fontSize={fontSize * 0.8} fill="#ffffff">
            {bar.mm} mm
          </text>
        </svg>
      </div>
      <div className="report-figure-caption">{image.caption}</div>
    </figure>
  );
}
