// Mirrors the API's password policy so the form can explain a rejection before submitting.
export const PASSWORD_POLICY = {
  minLength: 12,
  maxLength: 128,
  requireDigit: true,
  requireMixedCase: true,
};

export function passwordProblems(password, { email } = {}) {
  const problems = [];
  if (password.length < PASSWORD_POLICY.minLength) problems.push(`at least ${PASSWORD_POLICY.minLength} characters`);
  if (password.length > PASSWORD_POLICY.maxLength) problems.push(`at most ${PASSWORD_POLICY.maxLength} characters`);
  if (PASSWORD_POLICY.requireDigit && !/\d/.test(password)) problems.push('one digit');
  if (PASSWORD_POLICY.requireMixedCase && !(/[a-z]/.test(password) && /[A-Z]/.test(password))) {
    problems.push('upper and lower case letters');
  }
  if (email && password.toLowerCase().includes(email.split('@')[0].toLowerCase())) {
    problems.push('not containing your email name');
  }
  return problems;
}

export function usePasswordPolicy(password, options) {
  return { problems: passwordProblems(password, options), policy: PASSWORD_POLICY };
}
