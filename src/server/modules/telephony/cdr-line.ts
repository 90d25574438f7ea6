/**
 * One call-record line → its fields. Asterisk's cdr_csv quotes every string and doubles the
 * quotes inside it (`"""Иванов, Пётр"" <0501234567>"`); numbers and an unanswered call's answer
 * time are bare. A quoted field must end in a quote followed by the delimiter or the end of the
 * line; an unquoted field is taken as it is (a quote inside it is a plain character).
 *
 * Returns null when the quotes do not balance: the line is reported, not guessed at.
 */
export function parseCdrLine(line: string, delimiter = ','): string[] | null {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === QUOTE) {
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = line.indexOf('"', from);
        if (q < 0) return null;
        if (line.charCodeAt(q + 1) === QUOTE) {
          value += line.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += line.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return fields;
      if (line[i] !== delimiter) return null;
      i++;
    } else {
      const d = line.indexOf(delimiter, i);
      if (d < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, d));
      i = d + 1;
    }
  }
}

const QUOTE = 34;
