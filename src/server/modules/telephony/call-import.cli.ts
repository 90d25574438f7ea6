import type { Services } from '../../services.js';
import type { CallImportReport } from '../../../shared/schemas/telephony.js';
import { AppError } from '../../http/errors.js';
import { errorMessages, format } from '../../http/messages.js';
import { EXIT, cliLocale, progressBar } from '../imports/client-import.cli.js';
import { problemLine, reportSummary } from './cdr-report.js';

/**
 * `kartoteka calls import FILE...`: the same import the telephony job runs, over the given files
 * or directories, with a progress bar on stderr and the report on stdout. Files are resumed
 * where any earlier run stopped; a named file is a finished export, so its last line counts also
 * without a line end. Returns the exit code (2: some lines were rejected).
 */
export async function importCallsCli(
  services: Services,
  files: string[],
  io: { out: (line: string) => void; err: NodeJS.WriteStream; env: NodeJS.ProcessEnv },
): Promise<number> {
  const locale = cliLocale(io.env);
  let report: CallImportReport;
  try {
    report = await services.callImport.importPaths(files, {
      onProgress: progressBar(io.err),
      locale,
      finished: true,
    });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    io.err.write(`kartoteka: ${format(errorMessages[e.code][locale], e.params)}\n`);
    return EXIT.error;
  }
  io.out(reportSummary(report, locale));
  for (const p of report.problems) io.out(problemLine(p));
  return report.rejected || report.problems.length ? EXIT.rejected : EXIT.ok;
}
