import { useId, type ReactNode } from "react";

/**
 * A tooltip that also works on a disabled button (which gets no pointer events): the wrapper carries
 * it, it shows on hover and on focus within, and screen readers get it as the control's description.
 */
export function Hint({ text, children }: { text: string | null; children: (describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  if (!text) return <>{children(undefined)}</>;
  return (
    <span className="hint" data-hint={text} title={text}>
      {children(id)}
      <span id={id} role="tooltip" className="hint-text">
        {text}
      </span>
    </span>
  );
}
