import { CodeAction, CodeActionKind, type CodeLens, Command, type Diagnostic, DiagnosticSeverity, Location, TextEdit } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from '../diagnostics';
import type { ReportDiagnostic, Severity, Span } from '../model';
import type { ParsedReport } from '../report';
import { SupportIndex } from '../support';

/** Commands the server offers and the client (or any LSP editor) runs. */
export const COMMANDS = {
  silenceInstance: 'inspectionLens.silenceDiagnostic',
  silenceCode: 'inspectionLens.silenceCode',
  explain: 'inspectionLens.explainDiagnostic',
  showSupport: 'inspectionLens.showSupportingFindings',
} as const;

/**
 * Diagnostics silenced by the user: whole codes, and single instances, each named by its report
 * (a path relative to the workspace), its code, the text it sits on and the text just before it,
 * so that it stays silenced when other parts of the report change.
 */
export interface Silenced {
  codes: string[];
  instances: SilencedInstance[];
}

export interface SilencedInstance {
  file: string;
  code: string;
  quote: string;
  prefix: string;
}

/** Characters of the line before a diagnostic that tell one instance from another. */
const PREFIX_LENGTH = 24;

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The report's diagnostics as LSP diagnostics, less those silenced (`file` names the report in `silenced`). */
export function lspDiagnostics(report: ParsedReport, silenced: Silenced = { codes: [], instances: [] }, file = ''): Diagnostic[] {
  return report.diagnostics.filter((d) => !isSilenced(report, d, silenced, file)).map((d) => toLsp(report, d));
}

function isSilenced(report: ParsedReport, diagnostic: ReportDiagnostic, silenced: Silenced, file: string): boolean {
  if (silenced.codes.includes(diagnostic.code)) return true;
  const mine = silenced.instances.filter((instance) => instance.file === file && instance.code === diagnostic.code);
  if (mine.length === 0) return false;
  const quote = quoteOf(report, diagnostic.span);
  const prefix = prefixOf(report, diagnostic.span);
  return mine.some((instance) => instance.quote === quote && instance.prefix === prefix);
}

/** The text on the diagnostic's line just before it. */
export function prefixOf(report: ParsedReport, span: Span): string {
  const line = report.source.lines[report.source.lineOf(span.start)];
  return report.source.text.slice(Math.max(line.start, span.start - PREFIX_LENGTH), span.start);
}

/** The text a diagnostic sits on: what identifies one instance across edits elsewhere in the report. */
export function quoteOf(report: ParsedReport, span: Span): string {
  return report.source.text.slice(span.start, span.end);
}

function toLsp(report: ParsedReport, diagnostic: ReportDiagnostic): Diagnostic {
  return {
    range: report.source.rangeOf(diagnostic.span),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: 'Inspection Lens',
    message: `${diagnostic.message} (${diagnostic.slug})`,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * Code actions for the diagnostics in a range: the repair where there is one, an explanation
 * otherwise, and silencing this instance or the whole code.
 */
export function codeActions(report: ParsedReport, uri: string, span: Span): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of report.diagnostics) {
    if (diagnostic.span.end < span.start || diagnostic.span.start > span.end) continue;
    const lsp = toLsp(report, diagnostic);
    if (diagnostic.fix) {
      const edit = TextEdit.replace(report.source.rangeOf(diagnostic.fix.span), diagnostic.fix.newText);
      const action = CodeAction.create(diagnostic.fix.title, { changes: { [uri]: [edit] } }, CodeActionKind.QuickFix);
      action.diagnostics = [lsp];
      action.isPreferred = true;
      actions.push(action);
    } else {
      actions.push(withDiagnostic(CodeAction.create(`Explain ${diagnostic.code} (${diagnostic.slug})`, Command.create('Explain', COMMANDS.explain, diagnostic.code), CodeActionKind.QuickFix), lsp));
    }
    const quote = quoteOf(report, diagnostic.span);
    const prefix = prefixOf(report, diagnostic.span);
    actions.push(withDiagnostic(CodeAction.create(`Silence ${diagnostic.code} here`, Command.create('Silence', COMMANDS.silenceInstance, uri, diagnostic.code, quote, prefix), CodeActionKind.QuickFix), lsp));
    actions.push(withDiagnostic(CodeAction.create(`Silence ${diagnostic.code} (${diagnostic.slug}) in every report`, Command.create('Silence', COMMANDS.silenceCode, diagnostic.code), CodeActionKind.QuickFix), lsp));
  }
  return actions;
}

function withDiagnostic(action: CodeAction, diagnostic: Diagnostic): CodeAction {
  action.diagnostics = [diagnostic];
  return action;
}

export function explainCode(code: string): string {
  const entry = DIAGNOSTIC_CODES[code as DiagnosticCode];
  return entry ? `${code} (${entry.slug}): ${entry.summary}` : `${code} is not an Inspection Lens diagnostic code.`;
}

// ---------------------------------------------------------------------------------------------

/** A lens above each recommendation: how many findings support it, opening them as references. */
export function codeLenses(report: ParsedReport, uri: string): CodeLens[] {
  const support = new SupportIndex(report.findings);
  return report.recommendations.map((recommendation) => {
    const findings = support.supporting(recommendation);
    const range = report.source.rangeOf(recommendation.span);
    const title = findings.length === 0 ? 'No supporting finding' : findings.length === 1 ? '1 supporting finding' : `${findings.length} supporting findings`;
    const locations = findings.map((finding) => Location.create(uri, report.source.rangeOf(finding.span)));
    return { range, command: Command.create(title, COMMANDS.showSupport, uri, range.start, locations) };
  });
}
