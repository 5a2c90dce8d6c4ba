import { approvals } from './approvals';
import { board } from './board';
import { distribution } from './distribution';
import { myWork } from './myWork';
import { notifications } from './notifications';
import { pool } from './pool';
import { record } from './record';
import { team } from './team';
import { work } from './work';

/**
 * The work area's catalogs, one i18next namespace per screen (`useTranslation('board')`), so each screen's strings
 * live beside each other in the three locales; the designer's own strings stay in the default namespace.
 */
export const WORK_CATALOGS = { work, myWork, notifications, board, record, pool, approvals, team, distribution } as const;
