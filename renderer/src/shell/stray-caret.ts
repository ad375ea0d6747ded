// Drops the invisible caret a click leaves in text nobody can edit, so Chromium does not re-measure it every frame.
//
// A click on the map, a queue row or a button leaves a collapsed selection (a caret) where it landed, though no
// caret shows outside an input. Chromium works out that caret's bounds again in every frame, for the IME and
// the selection handles; on the console, one frame a second, that walk through the DOM cost 1.5-2 ms a frame.
// A caret inside an input, a textarea or editable text is kept, and so is any selection of text to copy.

function editable(el: Element | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement || (el instanceof HTMLElement && el.isContentEditable);
}

/** Whether this selection is a caret in text that cannot be edited, the only kind `dropStrayCarets` removes. */
export function isStrayCaret(selection: Selection, active: Element | null): boolean {
  if (selection.rangeCount === 0 || !selection.isCollapsed || editable(active)) return false;
  const at = selection.anchorNode;
  const host = at instanceof Element ? at : at?.parentElement ?? null;
  return !(host instanceof HTMLElement && host.isContentEditable);
}

/**
 * Removes stray carets as they appear; returns the function that stops it. Never while a button is held: a
 * press starts a drag-selection from that caret, so it is checked when the press ends.
 */
export function dropStrayCarets(doc: Document = document): () => void {
  let pressed = false;
  const check = (): void => {
    const selection = doc.getSelection();
    if (!pressed && selection && isStrayCaret(selection, doc.activeElement)) selection.removeAllRanges();
  };
  const onDown = (): void => {
    pressed = true;
  };
  // The selection is final once the release has been handled, so look in the next task.
  const onUp = (): void => {
    pressed = false;
    setTimeout(check, 0);
  };
  doc.addEventListener('pointerdown', onDown, true);
  doc.addEventListener('pointerup', onUp, true);
  doc.addEventListener('pointercancel', onUp, true);
  doc.addEventListener('selectionchange', check);
  return () => {
    doc.removeEventListener('pointerdown', onDown, true);
    doc.removeEventListener('pointerup', onUp, true);
    doc.removeEventListener('pointercancel', onUp, true);
    doc.removeEventListener('selectionchange', check);
  };
}
