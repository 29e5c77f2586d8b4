import { z } from 'zod';

export const passwordSchema = z
  .string()
  .min(12, 'password must be at least 12 characters')
  .regex(/[A-Z]/, 'password needs an upper-case letter')
  .regex(/\d/, 'password needs a digit');

export const signUpSchema = z.object({ email: z.string().email(), password: passwordSchema });
