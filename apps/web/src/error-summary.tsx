import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A summary of errors above a form or screen: announced at once (role=alert), and focused each
 * time `focusKey` changes to a truthy value (a new failed attempt), so reading starts there.
 */
export function ErrorSummary(props: {
  /** The id of its heading, which names it. */
  titleId: string;
  title: ReactNode;
  testId: string;
  focusKey: unknown;
  /** The problems, under the heading. */
  children?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.focusKey) ref.current?.focus();
  }, [props.focusKey]);
  return (
    <div
      ref={ref}
      className="error-summary"
      role="alert"
      tabIndex={-1}
      aria-labelledby={props.titleId}
      data-testid={props.testId}
    >
      <h2 id={props.titleId}>{props.title}</h2>
      {props.children}
    </div>
  );
}
