// The units a report describes: the missions of a CPI report (`options.missionsSection`) and the
// activities of an SN, CIEL or MM report (`options.activitiesSection`). Model queries, computed
// once per model and read by several rules (car-incomplete, mission-figure, norm-citation,
// activity-incomplete). The results are shared: do not modify them.

import { fact } from '../facts';
import { ACTIVITY_PARTS, CAR_PARTS, hasText, unitsOf } from './parts';
import type { Profile, ReportModel, Section } from '../types';

/** The section recognised as `id`, if any (first occurrence). */
export function findSection(model: ReportModel, id: string): Section | undefined {
  return model.recognized.find((r) => r.id === id)?.section;
}

/** The missions of a CPI report (empty when the profile has no missions section). */
export function missionsOf(model: ReportModel & { profile: Profile }): Section[] {
  return fact(model, 'missions', () => {
    const id = model.profile.options.missionsSection;
    const section = typeof id === 'string' ? findSection(model, id) : undefined;
    return section ? unitsOf(section, CAR_PARTS).filter(hasText) : [];
  });
}

/** The activities section and its activities (undefined when the profile has none or the report lacks it). */
export function activitiesOf(model: ReportModel & { profile: Profile }): { section: Section; units: Section[] } | undefined {
  return fact(model, 'activities', () => {
    const id = model.profile.options.activitiesSection;
    const section = typeof id === 'string' ? findSection(model, id) : undefined;
    return section ? { section, units: unitsOf(section, ACTIVITY_PARTS).filter(hasText) } : undefined;
  });
}
