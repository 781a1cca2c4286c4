import Fuse from 'fuse.js';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AnnotateRequest,
  type AnnotationAction,
  AnnotationsChangedNotification,
  AnnotationsRequest,
  type AnnotationView,
  CreateThemeRequest,
  ExportRequest,
  type ReviewStatus,
  TagTargetRequest,
  ThemesRequest,
  type TreeTheme,
} from '../../server/out/protocol';
import { LANGUAGE_ID } from './detection';

type LspRange = TagTargetRequest.Params['range'];

/**
 * Quality assurers' tagging in the editor: "Tag with theme…", "Add memo…" and "Set review
 * status…" on the finding at the cursor or a selection, and the tagged passages decorated by
 * review status with their themes beside them. The language server keeps the annotations (see
 * server/src/lsp/workspaceAnnotations.ts); these commands only ask the user and pass it on.
 * Each command takes optional arguments (uri, range, then the answer) so that code actions and
 * tests can run it without its prompts.
 */
export class Annotations implements vscode.Disposable {
  private readonly styles: Record<ReviewStatus, vscode.TextEditorDecorationType>;
  private readonly shown = new Map<string, AnnotationView[]>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a report's uri when its decorations were redrawn (for tests). */
  readonly onDidDecorate = this.changed.event;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly client: LanguageClient) {
    const style = (background: string, ruler: string) =>
      vscode.window.createTextEditorDecorationType({
        backgroundColor: new vscode.ThemeColor(background),
        overviewRulerColor: new vscode.ThemeColor(ruler),
        overviewRulerLane: vscode.OverviewRulerLane.Center,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
    this.styles = {
      unreviewed: style('inspectionLens.taggedBackground', 'inspectionLens.tagForeground'),
      agreed: style('inspectionLens.agreedBackground', 'testing.iconPassed'),
      disputed: style('inspectionLens.disputedBackground', 'problemsWarningIcon.foreground'),
    };
  }

  register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      this,
      vscode.commands.registerCommand('inspectionLens.tagWithTheme', (uri?: string, range?: LspRange, theme?: string) => this.tagWithTheme(uri, range, theme)),
      vscode.commands.registerCommand('inspectionLens.addMemo', (uri?: string, range?: LspRange, memo?: string) => this.addMemo(uri, range, memo)),
      vscode.commands.registerCommand('inspectionLens.setReviewStatus', (uri?: string, range?: LspRange, status?: ReviewStatus, reason?: string) => this.setStatus(uri, range, status, reason)),
      vscode.commands.registerCommand('inspectionLens.removeTag', (uri?: string, range?: LspRange, theme?: string) => this.removeTag(uri, range, theme)),
      vscode.commands.registerCommand('inspectionLens.removeAnnotation', (uri?: string, range?: LspRange, confirmed?: boolean) => this.removeAnnotation(uri, range, confirmed)),
      vscode.commands.registerCommand('inspectionLens.openAnnotationFile', () => this.openAnnotationFile()),
      vscode.commands.registerCommand('inspectionLens.exportCodedFindings', (target?: vscode.Uri) => this.exportCsv(target)),
      vscode.commands.registerCommand('inspectionLens.exportActionPlan', (uri?: string) => this.exportActionPlan(uri)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshSoon()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.languageId === LANGUAGE_ID) this.refreshSoon();
      }),
      this.client.onNotification(AnnotationsChangedNotification.method, () => this.refreshSoon(0)),
    );
    this.refreshSoon(0);
  }

  /** The annotations last drawn in a report (for tests). */
  decorated(uri: string): AnnotationView[] {
    return this.shown.get(uri) ?? [];
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    Object.values(this.styles).forEach((style) => style.dispose());
    this.changed.dispose();
  }

  // Commands -----------------------------------------------------------------------------------

  private async tagWithTheme(uri?: string, range?: LspRange, theme?: string): Promise<AnnotationView[] | undefined> {
    const target = await this.target(uri, range);
    if (!target) return undefined;
    const chosen = theme ?? (await this.pickTheme(target.themes));
    if (!chosen) return undefined;
    return this.annotate(target, { kind: 'addTheme', theme: chosen });
  }

  private async addMemo(uri?: string, range?: LspRange, memo?: string): Promise<AnnotationView[] | undefined> {
    const target = await this.target(uri, range);
    if (!target) return undefined;
    const text =
      memo ??
      (await vscode.window.showInputBox({
        title: 'Add a memo',
        prompt: `Memo on "${short(target.text)}"`,
        placeHolder: 'What you noticed, asked or decided about this passage',
        validateInput: (value) => (value.trim() ? undefined : 'Write the memo, or press Escape to cancel.'),
      }));
    if (!text?.trim()) return undefined;
    return this.annotate(target, { kind: 'addMemo', memo: text.trim() });
  }

  private async setStatus(uri?: string, range?: LspRange, status?: ReviewStatus, reason?: string): Promise<AnnotationView[] | undefined> {
    const target = await this.target(uri, range);
    if (!target) return undefined;
    let chosen = status;
    if (!chosen) {
      const items: Array<vscode.QuickPickItem & { status: ReviewStatus }> = [
        { label: '$(circle-large-outline) Unreviewed', description: 'Not yet looked at by a second reader', status: 'unreviewed' },
        { label: '$(pass) Agreed', description: 'The coding is right', status: 'agreed' },
        { label: '$(warning) Disputed…', description: 'The coding is questioned: say why', status: 'disputed' },
      ];
      for (const item of items) if (item.status === (target.status ?? 'unreviewed')) item.detail = 'Current status';
      chosen = (await vscode.window.showQuickPick(items, { title: `Review status of "${short(target.text)}"` }))?.status;
    }
    if (!chosen) return undefined;
    let why = reason;
    if (chosen === 'disputed' && why === undefined) {
      why = await vscode.window.showInputBox({ title: 'Why is it disputed?', placeHolder: 'For example: this reads as a strength, not a weakness' });
      if (why === undefined) return undefined;
    }
    return this.annotate(target, { kind: 'setStatus', status: chosen, ...(why?.trim() ? { reason: why.trim() } : {}) });
  }

  private async removeTag(uri?: string, range?: LspRange, theme?: string): Promise<AnnotationView[] | undefined> {
    const target = await this.target(uri, range);
    if (!target) return undefined;
    if (target.themes.length === 0) {
      void vscode.window.showInformationMessage('Inspection Lens: this passage has no tags.');
      return undefined;
    }
    const themes = await this.themes();
    const chosen = theme ?? (await vscode.window.showQuickPick(target.themes.map((id) => ({ label: themes.find((t) => t.id === id)?.label ?? id, id })), { title: 'Remove which tag?' }))?.id;
    if (!chosen) return undefined;
    return this.annotate(target, { kind: 'removeTheme', theme: chosen });
  }

  private async removeAnnotation(uri?: string, range?: LspRange, confirmed?: boolean): Promise<AnnotationView[] | undefined> {
    const target = await this.target(uri, range);
    if (!target) return undefined;
    if (!confirmed) {
      const answer = await vscode.window.showWarningMessage(`Discard every tag, memo and the review status of "${short(target.text)}"?`, { modal: true }, 'Discard');
      if (answer !== 'Discard') return undefined;
    }
    return this.annotate(target, { kind: 'discard' });
  }

  private async openAnnotationFile(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const result = await this.client.sendRequest<AnnotationsRequest.Result>(AnnotationsRequest.method, { uri: editor.document.uri.toString() } satisfies AnnotationsRequest.Params);
    if (!result.file) {
      void vscode.window.showInformationMessage('Inspection Lens: only a report saved inside the workspace folder has an annotation file.');
      return;
    }
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(result.file));
    } catch {
      void vscode.window.showInformationMessage('Inspection Lens: this report has no annotations yet.');
    }
  }

  /** Every coded finding of the workspace as CSV, saved where the user says (or to `target`). */
  private async exportCsv(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const result = await this.client.sendRequest<ExportRequest.Result>(ExportRequest.method, { format: 'csv' } satisfies ExportRequest.Params);
    if ('error' in result) {
      void vscode.window.showErrorMessage(result.error);
      return undefined;
    }
    if (result.reports === 0) {
      void vscode.window.showInformationMessage('Inspection Lens: no report in this workspace is tagged yet, so there is nothing to export.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const file =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export coded findings',
        saveLabel: 'Export',
        filters: { 'CSV (comma-separated values)': ['csv'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'coded-findings.csv') } : {}),
      }));
    if (!file) return undefined;
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(result.text));
    // The message is not awaited: the command is done once the file is written.
    void vscode.window.showInformationMessage(`Inspection Lens: exported the coded findings of ${result.reports} ${result.reports === 1 ? 'report' : 'reports'}.`, 'Open').then((open) => {
      if (open) void vscode.commands.executeCommand('vscode.open', file);
    });
    return file;
  }

  /** The report's recommendations and the findings that support them, as a Markdown action plan in a new editor. */
  private async exportActionPlan(uri?: string): Promise<vscode.TextDocument | undefined> {
    const reportUri = uri ?? vscode.window.activeTextEditor?.document.uri.toString();
    if (!reportUri) {
      void vscode.window.showInformationMessage('Inspection Lens: open a report to make its action plan.');
      return undefined;
    }
    const result = await this.client.sendRequest<ExportRequest.Result>(ExportRequest.method, { format: 'action-plan', uri: reportUri } satisfies ExportRequest.Params);
    if ('error' in result) {
      void vscode.window.showErrorMessage(result.error);
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.text });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  // Helpers ------------------------------------------------------------------------------------

  /** The passage to act on: the selection, else the finding or recommendation at the cursor. */
  private async target(uri?: string, range?: LspRange): Promise<(NonNullable<TagTargetRequest.Result> & { uri: string }) | undefined> {
    const editor = vscode.window.activeTextEditor;
    const reportUri = uri ?? editor?.document.uri.toString();
    const at = range ?? (editor ? this.client.code2ProtocolConverter.asRange(editor.selection) : undefined);
    if (!reportUri || !at) {
      void vscode.window.showInformationMessage('Inspection Lens: open a report and put the cursor in a finding, or select a passage, to tag it.');
      return undefined;
    }
    const target = await this.client.sendRequest<TagTargetRequest.Result>(TagTargetRequest.method, { uri: reportUri, range: at } satisfies TagTargetRequest.Params);
    if (!target) {
      void vscode.window.showInformationMessage('Inspection Lens: put the cursor in a finding or a recommendation, or select a passage, to tag it.');
      return undefined;
    }
    return { ...target, uri: reportUri };
  }

  private async annotate(target: { uri: string; range: LspRange }, action: AnnotationAction): Promise<AnnotationView[] | undefined> {
    const creator = vscode.workspace.getConfiguration('inspectionLens').get<string>('coderName', '');
    const params: AnnotateRequest.Params = { uri: target.uri, range: target.range, action, creator };
    const result = await this.client.sendRequest<AnnotateRequest.Result>(AnnotateRequest.method, params);
    if ('error' in result) {
      void vscode.window.showErrorMessage(result.error);
      return undefined;
    }
    await this.refresh();
    return result.annotations;
  }

  private async themes(): Promise<TreeTheme[]> {
    return this.client.sendRequest<ThemesRequest.Result>(ThemesRequest.method);
  }

  /**
   * A quick pick over the codebook, matched fuzzily with fuse.js on names and descriptions as
   * the user types, with "Create a new theme" for a name that is not there.
   */
  private async pickTheme(current: string[]): Promise<string | undefined> {
    const themes = await this.themes();
    const labelOf = new Map(themes.map((theme) => [theme.id, theme.label]));
    type Item = vscode.QuickPickItem & { id?: string; create?: string };
    const items: Item[] = themes.map((theme) => ({
      label: theme.parent ? `$(indent) ${theme.label}` : theme.label,
      description: [current.includes(theme.id) ? 'already tagged' : '', theme.parent ? `under ${labelOf.get(theme.parent) ?? theme.parent}` : ''].filter(Boolean).join(' · '),
      detail: theme.description,
      id: theme.id,
      alwaysShow: true,
    }));
    const fuse = new Fuse(themes, { keys: [{ name: 'label', weight: 3 }, 'id', 'description'], threshold: 0.4, ignoreLocation: true });
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = 'Tag with theme';
    pick.placeholder = 'Type to find a theme, or a new theme’s name';
    pick.matchOnDescription = true;
    pick.items = items;
    const filter = (value: string) => {
      const typed = value.trim();
      if (!typed) {
        pick.items = items;
        return;
      }
      const order = fuse.search(typed).map((result) => result.item.id);
      const found = order.map((id) => items.find((item) => item.id === id)!);
      const exact = themes.some((theme) => theme.label.toLowerCase() === typed.toLowerCase());
      pick.items = exact ? found : [...found, { label: `$(add) Create the theme “${typed}”`, description: 'added to the workspace codebook', create: typed, alwaysShow: true }];
    };
    pick.onDidChangeValue(filter);
    const chosen = await new Promise<Item | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (!chosen) return undefined;
    if (chosen.create) {
      const created = await this.client.sendRequest<CreateThemeRequest.Result>(CreateThemeRequest.method, { label: chosen.create } satisfies CreateThemeRequest.Params);
      if ('error' in created) {
        void vscode.window.showErrorMessage(created.error);
        return undefined;
      }
      return created.id;
    }
    return chosen.id;
  }

  // Decorations --------------------------------------------------------------------------------

  private refreshSoon(delay = 250): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), delay);
  }

  /** Redraws the tagged passages of every visible report. */
  async refresh(): Promise<void> {
    const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document.languageId === LANGUAGE_ID);
    await Promise.all(
      editors.map(async (editor) => {
        const uri = editor.document.uri.toString();
        let result: AnnotationsRequest.Result;
        try {
          result = await this.client.sendRequest<AnnotationsRequest.Result>(AnnotationsRequest.method, { uri } satisfies AnnotationsRequest.Params);
        } catch {
          return;
        }
        const placed = result.annotations.filter((annotation) => annotation.range);
        for (const status of Object.keys(this.styles) as ReviewStatus[]) {
          const mine = placed.filter((annotation) => (annotation.status?.value ?? 'unreviewed') === status);
          editor.setDecorations(
            this.styles[status],
            mine.map((annotation) => ({
              range: this.client.protocol2CodeConverter.asRange(annotation.range!),
              renderOptions: annotation.themes.length
                ? { after: { contentText: `  ⟨${annotation.themes.map((theme) => theme.label).join(', ')}⟩`, color: new vscode.ThemeColor('inspectionLens.tagForeground'), fontStyle: 'italic' } }
                : undefined,
            })),
          );
        }
        this.shown.set(uri, result.annotations);
        this.changed.fire(uri);
      }),
    );
  }
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 60 ? `${oneLine.slice(0, 59)}…` : oneLine;
}
