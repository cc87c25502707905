// The units a report describes: the missions of a CPI report (the section of role `missions`) and
// the activities of an SN, CIEL or MM report (role `activities`). Model queries, computed
// once per model and read by several rules (car-incomplete, mission-figure, norm-citation,
// activity-incomplete). The results are shared: do not modify them.

import { fact } from '../facts';
import { ACTIVITY_PARTS, CAR_PARTS, hasText, unitsOf } from './parts';
import { sectionWithRole } from './roles';
import type { Profile, ReportModel, Section } from '../types';

/** The section recognised as `id`, if any (first occurrence). */
export function findSection(model: ReportModel, id: string): Section | undefined {
  return model.recognized.find((r) => r.id === id)?.section;
}

/** The missions of a CPI report (empty when the profile has no missions section). */
export function missionsOf(model: ReportModel & { profile: Profile }): Section[] {
  return fact(model, 'missions', () => {
    const section = sectionWithRole(model, 'missions');
    return section ? unitsOf(section, CAR_PARTS).filter(hasText) : [];
  });
}

/** The activities section and its activities (undefined when the profile has none or the report lacks it). */
export function activitiesOf(model: ReportModel & { profile: Profile }): { section: Section; units: Section[] } | undefined {
  return fact(model, 'activities', () => {
    const section = sectionWithRole(model, 'activities');
    return section ? { section, units: unitsOf(section, ACTIVITY_PARTS).filter(hasText) } : undefined;
  });
}
