/** The operator's desk: status, window, Call next and the ticket in hand. */
export function OperatorPanel() {
  return null;
}
