import { describe, expect, it } from 'vitest';
import { suggestField } from './field-hints.js';

const SOURCE_FIELDS = [
  'name',
  'kind',
  'description',
  'aliases',
  'url',
  'affiliatedWithId',
  'reliability',
];

describe('suggestField', () => {
  it("offers the API's own name for the words other tools use", () => {
    expect(suggestField('type', SOURCE_FIELDS)).toBe('kind');
    expect(suggestField('grade', SOURCE_FIELDS)).toBe('reliability');
    expect(suggestField('affiliation', SOURCE_FIELDS)).toBe('affiliatedWithId');
  });

  it('recognises the same name written another way', () => {
    expect(suggestField('affiliated_with_id', SOURCE_FIELDS)).toBe('affiliatedWithId');
    expect(suggestField('Reliability', SOURCE_FIELDS)).toBe('reliability');
    expect(suggestField('alias-es', SOURCE_FIELDS)).toBe('aliases');
  });

  it('corrects a near spelling, more leniently the longer the name', () => {
    expect(suggestField('nmae', SOURCE_FIELDS)).toBe('name');
    expect(suggestField('reliabilty', SOURCE_FIELDS)).toBe('reliability');
    expect(suggestField('descriptoin', SOURCE_FIELDS)).toBe('description');
  });

  it('offers a synonym only where the field it names exists', () => {
    expect(suggestField('rating', SOURCE_FIELDS)).toBe('reliability');
    expect(suggestField('rating', ['verdict', 'rationale'])).toBe('verdict');
    expect(suggestField('url', ['evidenceUrl', 'quote'])).toBe('evidenceUrl');
    expect(suggestField('evidence', SOURCE_FIELDS)).toBeUndefined();
  });

  it('guesses nothing when nothing is close, or two fields are equally close', () => {
    expect(suggestField('colour', SOURCE_FIELDS)).toBeUndefined();
    expect(suggestField('x', SOURCE_FIELDS)).toBeUndefined();
    expect(suggestField('', SOURCE_FIELDS)).toBeUndefined();
    expect(suggestField('cart', ['card', 'care'])).toBeUndefined();
  });
});
