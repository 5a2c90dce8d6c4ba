import { apps } from './apps';
import { board } from './board';
import { exports } from './exports';
import { imports } from './imports';
import { myWork } from './myWork';
import { notifications } from './notifications';
import { people } from './people';
import { pool } from './pool';
import { record } from './record';
import { work } from './work';

/**
 * The work area's catalogs, one i18next namespace per screen (`useTranslation('board')`), so each screen's strings
 * live beside each other in the three locales; the designer's own strings stay in the default namespace.
 */
export const WORK_CATALOGS = { work, myWork, notifications, board, record, pool, people, apps, imports, exports } as const;
