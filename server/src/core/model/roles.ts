// Sections by role: what a section is for (annexes, thanks, missions…) is data of the profile
// (`role:` in the YAML), so rules ask for a role and never for a fixed section id.

import type { Profile, ReportModel, Section, SectionRole, SectionSpec } from '../types';

/** The profile's section that plays this role (at most one: the registry checks it). */
export function specWithRole(profile: Profile | null | undefined, role: SectionRole): SectionSpec | undefined {
  return profile?.sections.find((s) => s.role === role);
}

/** The id of the profile's section that plays this role. */
export function idWithRole(profile: Profile | null | undefined, role: SectionRole): string | undefined {
  return specWithRole(profile, role)?.id;
}

/** The ids of the profile's sections that play one of these roles. */
export function idsWithRoles(profile: Profile | null | undefined, roles: readonly SectionRole[]): string[] {
  return (profile?.sections ?? []).filter((s) => s.role !== undefined && roles.includes(s.role)).map((s) => s.id);
}

/** True when the section spec plays this role. */
export const hasRole = (spec: SectionSpec | undefined, role: SectionRole): boolean => spec?.role === role;

/** The recognised sections that play this role, in document order (a section may be written twice). */
export function sectionsWithRole(model: ReportModel, role: SectionRole): Section[] {
  const id = idWithRole(model.profile, role);
  return id === undefined ? [] : model.recognized.filter((r) => r.id === id).map((r) => r.section);
}

/** The first recognised section that plays this role. */
export function sectionWithRole(model: ReportModel, role: SectionRole): Section | undefined {
  return sectionsWithRole(model, role)[0];
}
