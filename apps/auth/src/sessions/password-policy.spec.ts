import { passwordProblems } from './password-policy';

const owner = { email: 'layla.haddad@example.com', name: 'Layla Haddad' };

describe('passwordProblems', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('violet-harbor-93-quill-tundra', owner)).toEqual([]);
  });

  it('refuses short passwords', () => {
    expect(passwordProblems('x7#Qp!2z', owner)).toContain('too_short');
  });

  it('refuses common passwords, even long ones', () => {
    expect(passwordProblems('password123', owner)).toContain('too_common');
    expect(passwordProblems('qwertyuiop', owner)).toContain('too_common');
  });

  it('refuses passwords that contain the email or the name', () => {
    expect(passwordProblems('layla.haddad-7#Qpz!', owner)).toContain('contains_personal_data');
    expect(passwordProblems('Xx-HADDAD-walrus-91', owner)).toContain('contains_personal_data');
  });

  it('refuses passwords over 256 characters', () => {
    expect(passwordProblems('a'.repeat(257), owner)).toContain('too_long');
  });
});
