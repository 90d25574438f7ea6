import { useMemo } from 'react';
import { Select } from 'antd';

/** The browser's list of IANA zones; the server checks the choice again. */
const ZONES = Intl.supportedValuesOf('timeZone');

/** An IANA time zone, searchable by name; works as a form control (`value` / `onChange`). */
export function TimeZoneSelect({
  id,
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (zone: string) => void;
}) {
  // The saved zone stays choosable even when this browser does not list it (e.g. "UTC").
  const options = useMemo(
    () => (value && !ZONES.includes(value) ? [value, ...ZONES] : ZONES).map((z) => ({ value: z, label: z })),
    [value],
  );
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
