import { resolveOperatorAction } from '../../../lib/orchestration/operator-action';

describe('resolveOperatorAction', () => {
  it("defaults the actor to 'operator' and the reason to null", () => {
    expect(resolveOperatorAction(undefined)).toEqual({ actor: 'operator', reason: null });
    expect(resolveOperatorAction({})).toEqual({ actor: 'operator', reason: null });
  });

  it('keeps a given actor and reason', () => {
    expect(resolveOperatorAction({ actor: 'alice', reason: 'customer asked' })).toEqual({
      actor: 'alice',
      reason: 'customer asked',
    });
  });

  it('names every malformed field', () => {
    expect(resolveOperatorAction({ actor: '', reason: 7 })).toEqual({
      errors: ['options.actor must be a non-empty string', 'options.reason must be a non-empty string'],
    });
    expect(resolveOperatorAction({ actor: 'a'.repeat(129) })).toEqual({
      errors: ['options.actor must be at most 128 characters (got 129)'],
    });
    expect(resolveOperatorAction('alice')).toEqual({ errors: ['options must be an object ({ actor?, reason? })'] });
  });
});
