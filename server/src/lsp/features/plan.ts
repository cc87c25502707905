// The report plan for the editor: the `rapport/summary` payload (page figures + plan), the
// `rapport/plan` request and `rapport/insertSection` (the section-missing quick fix, as a
// workspace edit the client applies so that it can be undone).

import type { WorkspaceEdit } from 'vscode-languageserver/node';
import { planOf, type ReportPlan } from '../../core/model/plan';
import { summarizePages } from '../../core/model/summary';
import type { AnalysisResult, AnalysisSettings, Profile, ReportModel } from '../../core/types';
import { insertionEdit } from '../../core/model/sections';
import { INSERT_SECTION_REQUEST, PLAN_REQUEST, type SummaryPayload } from '../../protocol';
import type { ServerContext } from './context';

export function summaryPayload(uri: string, version: number, result: AnalysisResult, settings: AnalysisSettings): SummaryPayload {
  const model = result.model;
  return {
    uri,
    version,
    bts: model.profile?.id ?? null,
    btsName: model.profile?.name ?? null,
    pages: summarizePages(model, settings),
    plan: model.profile ? planOf(model as ReportModel & { profile: Profile }, settings) : null,
  };
}

export function registerPlan(ctx: ServerContext): void {
  ctx.connection.onRequest(PLAN_REQUEST, async (params: { uri: string }): Promise<ReportPlan | null> => {
    const result = await ctx.analysisOf(params.uri);
    if (!result?.model.profile) return null;
    return planOf(result.model as ReportModel & { profile: Profile }, await ctx.getSettings(params.uri));
  });

  ctx.connection.onRequest(INSERT_SECTION_REQUEST, async (params: { uri: string; section: string }): Promise<WorkspaceEdit | null> => {
    const result = await ctx.analysisOf(params.uri);
    const model = result?.model;
    if (!model?.profile) return null;
    const spec = model.profile.sections.find((s) => s.id === params.section);
    if (!spec || spec.fromFrontmatter || model.recognized.some((r) => r.id === spec.id)) return null;
    const edit = insertionEdit(model as ReportModel & { profile: Profile }, spec);
    return { changes: { [params.uri]: [edit] } };
  });
}
