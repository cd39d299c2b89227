import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';

/**
 * A confirmation before an action that cannot be undone: a native modal `<dialog>` (the page
 * behind is inert, Escape cancels, the focus returns to the button that opened it). The safe
 * choice has the focus first, so Enter never confirms by accident.
 */
export function ConfirmDialog(props: {
  open: boolean;
  busy: boolean;
  title: string;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** What will happen, read out with the title. */
  children: ReactNode;
}) {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  // A layout effect: closing (which puts the focus back where it was) happens before the
  // screen's own effects, so an error box shown after a failure can take the focus.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    }
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      className="modal wide"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-what`}
      onCancel={(e) => {
        // Escape: React state decides whether the dialog is open.
        e.preventDefault();
        if (!props.busy) props.onCancel();
      }}
      onClose={() => {
        if (props.open) props.onCancel();
      }}
    >
      <h2 id={`${id}-title`}>{props.title}</h2>
      <div id={`${id}-what`}>{props.children}</div>
      <div className="form-actions">
        <button type="button" className="danger" disabled={props.busy} onClick={props.onConfirm}>
          {props.confirmLabel}
        </button>
        <button type="button" ref={cancelRef} disabled={props.busy} onClick={props.onCancel}>
          {props.cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
