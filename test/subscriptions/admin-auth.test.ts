import { describe, expect, it } from 'vitest';
import { isAdmin } from '../../functions/subscriptions/admin-auth.ts';

describe('admin authentication', () => {
  it('accepts exactly the admin key as a Bearer token', () => {
    expect(isAdmin('Bearer k3y-value', 'k3y-value')).toBe(true);
    expect(isAdmin('bearer k3y-value', 'k3y-value')).toBe(true);
    for (const header of [undefined, '', 'k3y-value', 'Bearer', 'Bearer k3y-valu', 'Bearer k3y-value2', 'Basic k3y-value']) {
      expect(isAdmin(header, 'k3y-value')).toBe(false);
    }
    expect(isAdmin('Bearer ', '')).toBe(false);
  });
});
