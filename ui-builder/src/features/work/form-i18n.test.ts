import { describe, expect, it } from 'vitest';
import { formFields, localiseForm } from './form-i18n';

const FORM = {
  components: [
    { type: 'text', text: '## Apply', properties: { 'text:ckb': '## داواکاری' } },
    {
      type: 'textfield',
      key: 'fullName',
      label: 'Full name',
      description: 'As on your ID',
      properties: { 'label:ckb': 'ناوی تەواو', 'description:ckb': 'وەک لە ناسنامەکەت' },
    },
    {
      type: 'radio',
      key: 'decision',
      label: 'Decision',
      values: [
        { label: 'Approve', value: 'approve' },
        { label: 'Reject', value: 'reject' },
      ],
      properties: { 'option:reject:ckb': 'ڕەتکردنەوە' },
    },
    {
      type: 'datetime',
      subtype: 'date',
      key: 'born',
      label: 'Born',
      dateLabel: 'Born',
      properties: { 'label:ar': 'تاريخ الميلاد' },
    },
    { type: 'group', components: [{ type: 'textarea', key: 'note', label: 'Note', properties: { internal: 'true' } }] },
  ],
};

describe("a form in the reader's language", () => {
  it('takes each translated label, description, text and option label, and keeps English where none is given', () => {
    const form = localiseForm(FORM, 'ckb');
    expect(form.components.map((c) => ('label' in c ? c.label : (c as { text?: string }).text))).toEqual([
      '## داواکاری',
      'ناوی تەواو',
      'Decision',
      'Born',
      undefined,
    ]);
    expect((form.components[1] as { description?: string }).description).toBe('وەک لە ناسنامەکەت');
    expect(form.components[2].values).toEqual([
      { label: 'Approve', value: 'approve' },
      { label: 'ڕەتکردنەوە', value: 'reject' },
    ]);
    expect((localiseForm(FORM, 'ar').components[3] as { dateLabel?: string }).dateLabel).toBe('تاريخ الميلاد');
    expect(FORM.components[1].label).toBe('Full name');
  });

  it('lists the fields that hold values, nested ones too, with their labels and option labels', () => {
    const fields = formFields(FORM, 'ckb');
    expect(fields.map((f) => [f.key, f.label, f.internal])).toEqual([
      ['fullName', 'ناوی تەواو', false],
      ['decision', 'Decision', false],
      ['born', 'Born', false],
      ['note', 'Note', true],
    ]);
    expect(fields[1].options.get('reject')).toBe('ڕەتکردنەوە');
  });
});
