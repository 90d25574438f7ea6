import { Select } from 'antd';
import type { RecipientSuggestion } from './mail.api.js';

interface Props {
  suggestions: RecipientSuggestion[];
  value?: string[];
  onChange?: (value: string[]) => void;
  id?: string;
  loading?: boolean;
}

/** To / Cc / Bcc: addresses as tags, the client's and its contact persons' offered as you type. */
export function RecipientsSelect({ suggestions, value, onChange, id, loading }: Props) {
  const seen = new Set<string>();
  const options = suggestions.flatMap((s) => {
    const key = s.address.toLowerCase();
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ value: s.address, label: s.name ? `${s.name} <${s.address}>` : s.address }];
  });
  return (
    <Select
      id={id}
      mode="tags"
      value={value}
      onChange={(next: string[]) => onChange?.(next.map((a) => a.trim()).filter(Boolean))}
      options={options}
      loading={loading}
      tokenSeparators={[',', ';', ' ']}
      showSearch={{
        filterOption: (input, option) =>
          String(option?.label ?? '')
            .toLowerCase()
            .includes(input.toLowerCase()),
      }}
      style={{ width: '100%' }}
    />
  );
}
