import { describe, expect, it } from 'vitest';
import { stageGuidance } from '../src/model/stage-guidance';

describe("a stage's guidance as the form edits it", () => {
  it('holds the text in each language typed and the key fields ticked', () => {
    expect(stageGuidance({ text: { en: 'Book a demo', 'zh-Hans': '预约演示' }, keyFields: ['seats', 'product'] })).toEqual({
      text: { en: 'Book a demo', 'zh-Hans': '预约演示' },
      keyFields: ['seats', 'product'],
    });
  });

  it('leaves out key fields none ticked', () => {
    expect(stageGuidance({ text: { en: 'Book a demo' }, keyFields: [] })).toEqual({ text: { en: 'Book a demo' } });
    expect(stageGuidance({ text: { en: 'Book a demo' }, keyFields: undefined })).toEqual({ text: { en: 'Book a demo' } });
  });

  it('is no guidance while the English text is empty, whatever else is typed', () => {
    expect(stageGuidance({ text: { en: '  ', 'zh-Hant': '預約示範' }, keyFields: ['seats'] })).toBeUndefined();
  });
});
