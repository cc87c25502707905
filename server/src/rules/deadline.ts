// `deadline` (Électrotechnique, option `deadline`): the report must be e-mailed at the latest on
// the Friday of the next-to-last week of the stage (see analysis/deadline.ts for the exact
// definition). Info during the 7 days before that date, warning once it has passed.

import { daysBetween, frenchDate, isoDate, submissionDeadline, todayFrom } from '../core/model/deadline';
import { getField } from '../core/model/frontmatter';
import { documentAnchor } from '../core/model/model';
import type { Finding, Rule } from '../core/types';
import { parseIsoDate } from './frontmatter';

export const deadlineRule: Rule = {
  code: 'deadline',
  defaultSeverity: 'warning',
  description: "Rappelle la date limite d'envoi du rapport : le vendredi de l'avant-dernière semaine de stage.",
  check(model, ctx) {
    if (model.profile.options.deadline !== true) return [];
    const fm = model.frontmatter;
    if (!fm?.data) return [];
    const debut = parseIsoDate(getField(fm.data, 'stage.debut'));
    const fin = parseIsoDate(getField(fm.data, 'stage.fin'));
    if (!debut || !fin || fin < debut) return [];
    const date = submissionDeadline(debut, fin);
    const left = daysBetween(todayFrom(ctx.settings.today), date);
    if (left > 7) return [];
    const range = fm.keyLines.get('stage.fin') ?? fm.keyLines.get('stage') ?? documentAnchor(model);
    const when = frenchDate(date);
    const out: Finding[] = [];
    if (left >= 0) {
      out.push({
        code: 'deadline',
        severity: 'info',
        range,
        message: `Rapport à envoyer au plus tard le ${when} (${left === 0 ? "aujourd'hui" : left === 1 ? 'demain' : `dans ${left} jours`}) : version numérique visée par l'entreprise, par mail professionnel, au tuteur et au professeur.`,
        data: { date: isoDate(date) },
      });
    } else {
      out.push({
        code: 'deadline',
        severity: 'warning',
        range,
        message: `Date limite d'envoi dépassée : le rapport devait partir au plus tard le ${when} (vendredi de l'avant-dernière semaine de stage). S'il n'est pas encore envoyé, envoie-le sans attendre et préviens ton professeur.`,
        data: { date: isoDate(date) },
      });
    }
    return out;
  },
};
