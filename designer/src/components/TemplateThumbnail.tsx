import type { WorkflowDefinition } from '@funnel/schemas';
import { useTranslation } from 'react-i18next';
import { localizedText } from '../model/localized-text';
import { stageKind } from '../model/stage-kinds';
import { STAGE_NODE_HEIGHT, STAGE_NODE_WIDTH } from '../model/stage-node-size';

export type Props = { definition: WorkflowDefinition };

const MARGIN = 20;

/** A template's stages drawn small, at their positions, named in the user's language. */
export function TemplateThumbnail({ definition }: Props) {
  const { i18n } = useTranslation();
  const placed = definition.stages.map((stage, index) => ({ stage, position: stage.position ?? { x: index * (STAGE_NODE_WIDTH + MARGIN), y: 0 } }));
  const maxX = Math.max(...placed.map((p) => p.position.x)) + STAGE_NODE_WIDTH + MARGIN;
  const maxY = Math.max(...placed.map((p) => p.position.y)) + STAGE_NODE_HEIGHT + MARGIN;
  const center = new Map(placed.map((p) => [p.stage.key, { x: p.position.x + STAGE_NODE_WIDTH / 2, y: p.position.y + STAGE_NODE_HEIGHT / 2 }]));
  return (
    <svg
      className="template-thumbnail"
      viewBox={`${-MARGIN} ${-MARGIN} ${maxX + MARGIN} ${maxY + MARGIN}`}
      role="img"
      aria-label={placed.map((p) => localizedText(p.stage.name, i18n.language)).join(', ')}
    >
      {definition.transitions.flatMap((transition) =>
        transition.from.map((from) => {
          const a = center.get(from);
          const b = center.get(transition.to);
          return a && b ? <line key={`${transition.key}:${from}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className="thumb-edge" /> : null;
        }),
      )}
      {placed.map(({ stage, position }) => (
        <g key={stage.key} transform={`translate(${position.x} ${position.y})`} className={`thumb-stage kind-${stageKind(stage)}`}>
          <rect width={STAGE_NODE_WIDTH} height={STAGE_NODE_HEIGHT} rx={16} />
          <text x={STAGE_NODE_WIDTH / 2} y={STAGE_NODE_HEIGHT / 2} dominantBaseline="middle" textAnchor="middle">
            {localizedText(stage.name, i18n.language)}
          </text>
        </g>
      ))}
    </svg>
  );
}
