import { templates, type LocalizedText, type Template } from '@funnel/schemas';
import { builder } from './builder';

export const LocalizedTextRef = builder.objectRef<LocalizedText>('LocalizedText').implement({
  description: 'A text in English, Simplified and Traditional Chinese (the latter two fall back to English).',
  fields: (t) => ({
    en: t.exposeString('en'),
    zhHans: t.string({ resolve: (text) => text['zh-Hans'] ?? text.en }),
    zhHant: t.string({ resolve: (text) => text['zh-Hant'] ?? text.en }),
  }),
});

const TemplateRef = builder.objectRef<Template>('Template').implement({
  description: 'A shipped workflow definition a tenant can start from.',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.field({ type: LocalizedTextRef, resolve: (tpl) => tpl.name }),
    description: t.field({ type: LocalizedTextRef, resolve: (tpl) => tpl.description }),
    definition: t.field({ type: 'JSON', resolve: (tpl) => tpl.definition }),
  }),
});

builder.queryField('templates', (t) =>
  t.field({ type: [TemplateRef], description: 'The templates Funnel ships, simplest first.', resolve: () => [...templates] }),
);
