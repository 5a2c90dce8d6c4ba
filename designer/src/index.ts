// What other packages may take from the designer: every string it shows, per locale (the browser tests check
// each screen against them).
export { en } from './i18n/en';
export { zhHans } from './i18n/zh-Hans';
export { zhHant } from './i18n/zh-Hant';
