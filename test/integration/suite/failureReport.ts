/**
 * What a failed integration test leaves for whoever reads the CI log: a screenshot of the
 * workbench as it was (notifications kept), the frames with the test ids they hold, the page's
 * console errors and the extension's recent warnings and errors. Failures that only happen on
 * some runs cannot be stepped through afterwards; this is what there is to go on.
 */
import { pageReport, screenshot } from './bridge';
import { api } from './problems';

/** Collects the report; each part that cannot be had says why instead. */
export async function failureReport(title: string): Promise<string> {
  const name = `failed-${title.replace(/[^\w-]+/g, '-').slice(0, 80)}`;
  const lines: string[] = [];
  const shot = await screenshot(name, true).then(
    () => `test-artifacts/${name}.png`,
    (error: unknown) => `none (${String(error)})`,
  );
  lines.push(`  screenshot: ${shot}`);
  const page = await pageReport().catch((error: unknown) => {
    const unknown = [`unknown (${String(error)})`];
    return { frames: unknown, console: unknown };
  });
  lines.push('  frames:', ...page.frames.map((frame) => `    ${frame}`));
  lines.push('  console errors and warnings:', ...page.console.map((line) => `    ${line}`));
  let problems: readonly string[];
  try {
    problems = api().recentProblems().slice(-15);
  } catch (error) {
    problems = [`unknown (${String(error)})`];
  }
  lines.push('  recent problems:', ...problems.map((line) => `    ${line}`));
  return lines.join('\n');
}
