import type { Locale } from '../../../shared/locale.js';
import type { CallImportProblem, CallImportReport } from '../../../shared/schemas/telephony.js';

/** The words of an import's summary: the settings page's status line and the CLI's report. */
const WORDS: Record<
  Locale,
  {
    files: string;
    lines: string;
    stored: string;
    duplicates: string;
    internal: string;
    rejected: string;
    failed: string;
  }
> = {
  ru: {
    files: 'Файлов',
    lines: 'строк',
    stored: 'загружено',
    duplicates: 'повторов',
    internal: 'внутренних',
    rejected: 'отклонено',
    failed: 'Ошибка загрузки',
  },
  uk: {
    files: 'Файлів',
    lines: 'рядків',
    stored: 'завантажено',
    duplicates: 'повторів',
    internal: 'внутрішніх',
    rejected: 'відхилено',
    failed: 'Помилка завантаження',
  },
  en: {
    files: 'Files',
    lines: 'lines',
    stored: 'stored',
    duplicates: 'duplicates',
    internal: 'internal',
    rejected: 'rejected',
    failed: 'Import failed',
  },
};

/** 'Файлов: 2, строк: 120; загружено: 100, повторов: 5, внутренних: 10, отклонено: 5'. */
export function reportSummary(r: CallImportReport, locale: Locale): string {
  const w = WORDS[locale];
  return (
    `${w.files}: ${r.files}, ${w.lines}: ${r.lines}; ${w.stored}: ${r.stored}, ` +
    `${w.duplicates}: ${r.duplicates}, ${w.internal}: ${r.internal}, ${w.rejected}: ${r.rejected}`
  );
}

/** `file:line: message`, as compilers report. */
export const problemLine = (p: CallImportProblem) => `${p.file}:${p.line}: ${p.message}`;

/** The status line of a run: the summary and the first bad lines. */
export function statusLine(r: CallImportReport, locale: Locale, shownProblems = 5): string {
  const head = reportSummary(r, locale);
  const shown = r.problems.slice(0, shownProblems).map(problemLine);
  return shown.length ? `${head}\n${shown.join('\n')}` : head;
}

/** The status line of a run that failed as a whole (the path is missing, the database closed…). */
export const failureLine = (message: string, locale: Locale) => `${WORDS[locale].failed}: ${message}`;
