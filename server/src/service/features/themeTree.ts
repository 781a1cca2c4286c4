import type { Range } from 'vscode-languageserver-types';
import type { Stance } from '../model';
import type { Coding } from './annotationFeatures';
import { type ReportDigest, yearOf } from './digest';
import { shorten } from './outline';
import { type KnownReport, reportTitle } from './workspaceSymbols';

export type TreeGrouping = 'theme' | 'report' | 'authority' | 'year';

/** A theme as the tree shows it: the codebook's id, label, description and nesting. */
export interface TreeTheme {
  id: string;
  label: string;
  description: string;
  parent?: string;
}

/**
 * One node of the theme tree. `path` is the node's address from the root (each element a
 * group key, theme id, report uri or finding index), so the client can ask for its children
 * and find its parent for `reveal` without the server keeping any state.
 */
export interface TreeNode {
  path: string[];
  kind: 'theme' | 'group' | 'report' | 'finding';
  label: string;
  description?: string;
  tooltip?: string;
  count: number;
  strengths: number;
  weaknesses: number;
  /** For findings: where to reveal it. */
  location?: { uri: string; range: Range };
  stance?: Stance;
  /** For findings a quality assurer tagged: their themes, review status and memo count. */
  coded?: Coding;
}

interface Hit {
  uri: string;
  digest: ReportDigest;
  index: number;
}

const UNTHEMED = '(no theme)';

/**
 * The children of a node of the theme tree (the roots for an empty path). Grouped by theme:
 * themes (nested as the codebook nests them) → reports → findings; by report: reports → themes
 * → findings; by authority or year: groups → reports → findings. `filter` keeps the findings
 * whose text, theme, authority or report contains it.
 */
export function treeChildren(reports: KnownReport[], themes: TreeTheme[], grouping: TreeGrouping, path: string[], filter = ''): TreeNode[] {
  const hits = filtered(reports, themes, filter);
  if (grouping === 'theme') return themeLevel(hits, themes, path);
  if (grouping === 'report') return reportFirst(hits, themes, path);
  return groupFirst(hits, grouping, path);
}

function filtered(reports: KnownReport[], themes: TreeTheme[], filter: string): Hit[] {
  const needle = filter.trim().toLowerCase();
  const hits: Hit[] = [];
  if (!needle) {
    for (const { uri, digest } of reports) for (let index = 0; index < digest.findings.length; index++) hits.push({ uri, digest, index });
    return hits;
  }
  // The themes that match are settled once; a finding's text is searched without making a
  // lower-case copy of it (copying every finding's text made a filter of 2,000 reports slow).
  const matchingThemes = new Set(themes.filter((theme) => theme.id.includes(needle) || theme.label.toLowerCase().includes(needle)).map((theme) => theme.id));
  const inText = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  for (const { uri, digest } of reports) {
    const inTitle = reportTitle(digest).toLowerCase().includes(needle);
    digest.findings.forEach((finding, index) => {
      if (inTitle || finding.themes.some((id) => matchingThemes.has(id) || id.includes(needle)) || inText.test(finding.text)) hits.push({ uri, digest, index });
    });
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------

function themeLevel(hits: Hit[], themes: TreeTheme[], path: string[]): TreeNode[] {
  // The path runs through nested themes, then a report uri.
  const themeIds = new Set(themes.map((theme) => theme.id));
  const themePath = path.filter((step) => themeIds.has(step) || step === UNTHEMED);
  const current = themePath[themePath.length - 1];
  const parents = new Map(themes.map((theme) => [theme.id, theme.parent]));
  const inCurrent = current ? hits.filter((hit) => inTheme(hit, current, parents)) : hits;
  if (path.length > themePath.length) return findingNodes(inCurrent.filter((hit) => hit.uri === path[path.length - 1]), path);
  // Each finding is put under its themes and their parents in one pass: asking every theme of
  // every finding took half a second for the roots of 2,000 reports.
  const byTheme = new Map<string, Hit[]>();
  for (const hit of hits) for (const id of themesWithParents(hit, parents)) (byTheme.get(id) ?? byTheme.set(id, []).get(id)!).push(hit);
  const childThemes = themes.filter((theme) => theme.parent === current || (!current && !theme.parent));
  const nodes = childThemes.map((theme) => themeNode(theme, byTheme.get(theme.id) ?? [], [...path, theme.id])).filter((node) => node.count > 0);
  if (!current) {
    const unthemed = hits.filter((hit) => hit.digest.findings[hit.index].themes.length === 0);
    if (unthemed.length) nodes.push(counted({ path: [UNTHEMED], kind: 'theme', label: UNTHEMED, description: '' }, unthemed));
    return nodes;
  }
  return [...nodes, ...reportNodes(inCurrent, path)];
}

/** A finding is under a theme when it has the theme or one of the theme's children. */
function inTheme(hit: Hit, id: string, parents: Map<string, string | undefined>): boolean {
  const found = hit.digest.findings[hit.index].themes;
  if (id === UNTHEMED) return found.length === 0;
  return found.some((theme) => theme === id || parents.get(theme) === id);
}

/** The themes a finding is under: its own, and their parents. */
function themesWithParents(hit: Hit, parents: Map<string, string | undefined>): Set<string> {
  const under = new Set<string>();
  for (const theme of hit.digest.findings[hit.index].themes) {
    under.add(theme);
    const parent = parents.get(theme);
    if (parent !== undefined) under.add(parent);
  }
  return under;
}

function themeNode(theme: TreeTheme, hits: Hit[], path: string[]): TreeNode {
  return counted({ path, kind: 'theme', label: theme.label, tooltip: theme.description }, hits);
}

function reportFirst(hits: Hit[], themes: TreeTheme[], path: string[]): TreeNode[] {
  if (path.length === 0) return reportNodes(hits, path);
  const inReport = hits.filter((hit) => hit.uri === path[0]);
  if (path.length === 1) {
    const nodes = themes.map((theme) => counted({ path: [path[0], theme.id], kind: 'theme', label: theme.label, tooltip: theme.description }, inReport.filter((hit) => hit.digest.findings[hit.index].themes.includes(theme.id))));
    const unthemed = inReport.filter((hit) => hit.digest.findings[hit.index].themes.length === 0);
    if (unthemed.length) nodes.push(counted({ path: [path[0], UNTHEMED], kind: 'theme', label: UNTHEMED }, unthemed));
    return nodes.filter((node) => node.count > 0);
  }
  const theme = path[1];
  return findingNodes(inReport.filter((hit) => (theme === UNTHEMED ? hit.digest.findings[hit.index].themes.length === 0 : hit.digest.findings[hit.index].themes.includes(theme))), path);
}

function groupFirst(hits: Hit[], grouping: 'authority' | 'year', path: string[]): TreeNode[] {
  const keyOf = (hit: Hit) => (grouping === 'authority' ? hit.digest.authority : yearOf(hit.digest)) ?? '(unknown)';
  if (path.length === 0) {
    // One pass into groups: filtering every finding for every group took a second for 2,000 authorities.
    const groups = new Map<string, Hit[]>();
    for (const hit of hits) {
      const key = keyOf(hit);
      (groups.get(key) ?? groups.set(key, []).get(key)!).push(hit);
    }
    const keys = [...groups.keys()].sort((a, b) => (grouping === 'year' ? b.localeCompare(a) : a.localeCompare(b)));
    return keys.map((key) => counted({ path: [key], kind: 'group', label: key }, groups.get(key)!));
  }
  const inGroup = hits.filter((hit) => keyOf(hit) === path[0]);
  if (path.length === 1) return reportNodes(inGroup, path);
  return findingNodes(inGroup.filter((hit) => hit.uri === path[1]), path);
}

function reportNodes(hits: Hit[], path: string[]): TreeNode[] {
  const byReport = new Map<string, Hit[]>();
  for (const hit of hits) (byReport.get(hit.uri) ?? byReport.set(hit.uri, []).get(hit.uri)!).push(hit);
  return [...byReport.values()]
    .map((reportHits) => counted({ path: [...path, reportHits[0].uri], kind: 'report', label: reportTitle(reportHits[0].digest) || reportHits[0].uri, description: '' }, reportHits))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function findingNodes(hits: Hit[], path: string[]): TreeNode[] {
  return hits.map((hit) => {
    const finding = hit.digest.findings[hit.index];
    return {
      path: [...path, String(hit.index)],
      kind: 'finding',
      label: shorten(finding.text, 100),
      description: finding.coded ? [finding.section, 'tagged', finding.coded.status ?? ''].filter(Boolean).join(' · ') : finding.section,
      tooltip: finding.text,
      count: 1,
      strengths: finding.stance === 'strength' ? 1 : 0,
      weaknesses: finding.stance === 'weakness' ? 1 : 0,
      stance: finding.stance,
      location: { uri: hit.uri, range: finding.range },
      ...(finding.coded ? { coded: finding.coded } : {}),
    };
  });
}

function counted(node: Omit<TreeNode, 'count' | 'strengths' | 'weaknesses'>, hits: Hit[]): TreeNode {
  let strengths = 0;
  let weaknesses = 0;
  for (const hit of hits) {
    const stance = hit.digest.findings[hit.index].stance;
    if (stance === 'strength') strengths++;
    else if (stance === 'weakness') weaknesses++;
  }
  const description = `${hits.length} · ${strengths} strengths, ${weaknesses} weaknesses`;
  return { ...node, description: node.description ? `${node.description} · ${description}` : description, count: hits.length, strengths, weaknesses };
}

/** Where a finding sits in the tree, for `reveal`: its path under the given grouping (its first theme). */
export function findingPath(digest: ReportDigest, uri: string, index: number, grouping: TreeGrouping, themes: TreeTheme[]): string[] {
  const finding = digest.findings[index];
  const theme = finding.themes[0] ?? UNTHEMED;
  if (grouping === 'report') return [uri, theme, String(index)];
  if (grouping === 'authority') return [digest.authority ?? '(unknown)', uri, String(index)];
  if (grouping === 'year') return [yearOf(digest) ?? '(unknown)', uri, String(index)];
  const lineage: string[] = [];
  for (let id: string | undefined = theme; id; id = themes.find((t) => t.id === id)?.parent) lineage.unshift(id);
  return [...lineage, uri, String(index)];
}
