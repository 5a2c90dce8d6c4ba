export type Props = { name: 'clock' | 'lock' | 'error' | 'warning'; label?: string };

/** Small inline icons, so the canvas does not depend on an emoji font being installed. */
export function Icon({ name, label }: Props) {
  const a11y = label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true };
  return (
    // biome-ignore lint/a11y/noSvgWithoutTitle: labelled icons get role="img" and aria-label through `a11y`; the others are aria-hidden.
    <svg className={`icon icon-${name}`} width="12" height="12" viewBox="0 0 16 16" {...a11y}>
      <IconShape name={name} />
    </svg>
  );
}

function IconShape({ name }: Pick<Props, 'name'>) {
  switch (name) {
    case 'clock':
      return (
        <g fill="none" stroke="currentColor" strokeWidth="1.8">
          <circle cx="8" cy="8" r="6.5" />
          <path d="M8 4v4l3 2" />
        </g>
      );
    case 'lock':
      return (
        <g fill="currentColor">
          <rect x="3" y="7" width="10" height="8" rx="1.5" />
          <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.8" />
        </g>
      );
    case 'error':
      return (
        <g>
          <circle cx="8" cy="8" r="7" fill="#dc2626" />
          <path d="M5 5l6 6M11 5l-6 6" stroke="#fff" strokeWidth="2" />
        </g>
      );
    case 'warning':
      return (
        <g>
          <path d="M8 1l7 13H1z" fill="#d97706" />
          <path d="M8 6v4M8 11.5v1.5" stroke="#fff" strokeWidth="1.8" />
        </g>
      );
    default:
      return name satisfies never;
  }
}
