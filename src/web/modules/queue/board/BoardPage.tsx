/** The display board for a big screen (no sign-in; the device token is in the address). */
export function BoardPage() {
  return null;
}
