/**
 * A message that survives the screen change after an action (e.g. 「提出しました — …」 shown on
 * the screen that opens next), kept in the tab's sessionStorage until it is shown once.
 */
const KEY = 'hyoka:flash';

export function setFlash(message: string): void {
  try {
    sessionStorage.setItem(KEY, message);
  } catch {
    // Storage refused (private mode): the message is only lost, never the action.
  }
}

export function takeFlash(): string | null {
  try {
    const message = sessionStorage.getItem(KEY);
    sessionStorage.removeItem(KEY);
    return message;
  } catch {
    return null;
  }
}
