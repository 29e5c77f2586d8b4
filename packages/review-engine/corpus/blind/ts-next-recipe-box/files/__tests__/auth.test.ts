import { signUp } from '../src/lib/auth';

const password = 'test-password-123!';

test('sign-up hashes the password', async () => {
  const user = await signUp({ email: 'cook@example.test', password });
  expect(user.passwordHash).not.toContain(password);
});
