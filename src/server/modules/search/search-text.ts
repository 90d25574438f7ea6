/**
 * The one normalisation of searchable text and of queries, so both engines see the same text:
 * lower case (Unicode), ё → е, і/ї/є kept, runs of whitespace collapsed.
 */
export function normalizeSearchText(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}
