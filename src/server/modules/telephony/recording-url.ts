/**
 * The link to a call's recording from the settings' template: {file} is the recordingfile
 * column (each path segment URL-encoded), {yyyy} {mm} {dd} the call's local date (FreePBX keeps
 * recordings under monitor/YYYY/MM/DD/). Null without a template or a file.
 */
export function recordingUrl(
  template: string,
  file: string | null,
  startedAt: string,
  timeZone: string,
): string | null {
  if (!template || !file) return null;
  let url = template.replaceAll('{file}', file.split('/').map(encodeURIComponent).join('/'));
  if (/\{(yyyy|mm|dd)\}/.test(url)) {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        .formatToParts(new Date(startedAt))
        .map((p) => [p.type, p.value]),
    );
    url = url
      .replaceAll('{yyyy}', parts.year!)
      .replaceAll('{mm}', parts.month!)
      .replaceAll('{dd}', parts.day!);
  }
  return url;
}
