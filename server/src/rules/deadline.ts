// `deadline` (Électrotechnique, option `deadline`): the report must be e-mailed at the latest on
// the Friday of the next-to-last week of the stage (see analysis/deadline.ts for the exact
// definition). Info during the 7 days before that date, warning once it has passed.

import { daysBetween, frenchDate, isoDate, submissionDeadline, todayFrom } from '../core/model/deadline';
import { getField } from '../core/model/frontmatter';
import { FIELDS } from '../core/model/fields';
import { documentAnchor } from '../core/model/model';
import { defineRule, type AnalysisSettings, type FindingDraft, type Profile, type ReportModel } from '../core/types';
import { parseIsoDate } from '../core/text/dates';

/**
 * The submission deadline of a report whose BTS has one (option `deadline`), with the days left
 * from today (negative once passed); null without valid stage dates. Read by the rule and the
 * class summary (classe/row.ts).
 */
export function deadlineOf(model: ReportModel & { profile: Profile }, settings: AnalysisSettings): { date: Date; daysLeft: number } | null {
  if (model.profile.options.deadline !== true) return null;
  const data = model.frontmatter?.data;
  if (!data) return null;
  const debut = parseIsoDate(getField(data, FIELDS.debut));
  const fin = parseIsoDate(getField(data, FIELDS.fin));
  if (!debut || !fin || fin < debut) return null;
  const date = submissionDeadline(debut, fin);
  return { date, daysLeft: daysBetween(todayFrom(settings.today), date) };
}

export const deadlineRule = defineRule({
  code: 'deadline',
  defaultSeverity: 'warning',
  description: "Rappelle la date limite d'envoi du rapport : le vendredi de l'avant-dernière semaine de stage.",
  check(model, ctx) {
    const deadline = deadlineOf(model, ctx.settings);
    if (!deadline) return [];
    const fm = model.frontmatter!;
    const { date, daysLeft: left } = deadline;
    if (left > 7) return [];
    const range = fm.keyLines.get('stage.fin') ?? fm.keyLines.get('stage') ?? documentAnchor(model);
    const when = frenchDate(date);
    const out: FindingDraft<'deadline'>[] = [];
    if (left >= 0) {
      out.push({
        severity: 'info',
        range,
        message: `Rapport à envoyer au plus tard le ${when} (${left === 0 ? "aujourd'hui" : left === 1 ? 'demain' : `dans ${left} jours`}). Version numérique visée par l'entreprise, par mail professionnel, au tuteur et au professeur.`,
        data: { date: isoDate(date) },
      });
    } else {
      out.push({
        range,
        message: `Date limite d'envoi dépassée : le ${when}. Le rapport part au plus tard le vendredi de l'avant-dernière semaine de stage ; s'il n'est pas encore envoyé, envoie-le sans attendre et préviens ton professeur.`,
        data: { date: isoDate(date) },
      });
    }
    return out;
  },
});
