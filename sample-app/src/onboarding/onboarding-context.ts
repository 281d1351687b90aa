/** The context of an `onboarding/new_customer` task. */
export interface OnboardingContext {
  email: string;
  fullName: string;
  plan: 'free' | 'pro' | 'team';
}

export const ONBOARDING_CONTEXT_SCHEMA = {
  type: 'object',
  required: ['email', 'fullName', 'plan'],
  additionalProperties: false,
  properties: {
    email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
    fullName: { type: 'string', minLength: 1, maxLength: 200 },
    plan: { enum: ['free', 'pro', 'team'] },
  },
} as const;

/** What `create_account` decides. */
export interface NewAccount {
  accountId: string;
  username: string;
}

/** A username from a full name: lower-case letters and digits joined by dots ("Ada Lovelace" → "ada.lovelace"). */
export function usernameFor(fullName: string): string {
  const words = fullName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  return words.length === 0 ? 'user' : words.join('.');
}
