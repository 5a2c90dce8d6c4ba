// What other packages may take from the designer: every string it shows, per locale (the browser tests check
// each screen against them), and the large funnel the render benchmark draws (the browser tests draw it too).
export { en } from './i18n/en';
export { zhHans } from './i18n/zh-Hans';
export { zhHant } from './i18n/zh-Hant';
export { generateDefinition } from './model/generate-definition';
