import { describe, expect, it } from 'vitest';
import { humanMessage } from './form-messages';

describe('form rules said in words', () => {
  it("never shows a regex: a pattern failure says the format is not the expected one, with the field's description", () => {
    expect(
      humanMessage('Field must match pattern ^[0-9]{10}$.', {
        type: 'textfield',
        description: '10 digits, as on your national ID card',
      }),
    ).toBe('This does not have the expected format. Expected: 10 digits, as on your national ID card');
    expect(humanMessage('"National ID" must match the pattern ^[0-9]{10}$', { type: 'textfield' })).toBe(
      'This does not have the expected format.',
    );
  });

  it("rewords every form-js rule and the server's", () => {
    expect(
      [
        'Field is required.',
        'Field must have minimum value of 5.',
        'Field must have maximum length of 20.',
        'Field must be a valid  international phone number. (e.g. +4930664040900)',
        'Field must be a valid email.',
        'Value is not a number.',
        '"Full name" is required',
        '"Guests" must be at most 200',
      ].map((m) => humanMessage(m)),
    ).toEqual([
      'This field is required.',
      'The value must be at least 5.',
      'Write at most 20 characters.',
      'Enter a phone number with its country code, such as +9647501234567.',
      'Enter an email address, such as name@example.org.',
      'Enter a number.',
      'This field is required.',
      'The value must be at most 200.',
    ]);
  });

  it("keeps the message the form's author wrote", () => {
    const field = { type: 'textfield', validate: { pattern: '^A', patternErrorMessage: 'Starts with A' } };
    expect(humanMessage('Starts with A', field)).toBe('Starts with A');
  });
});
