/** The kiosk (no sign-in; the device token is in the address): pick a service, take a ticket. */
export function KioskPage() {
  return null;
}
