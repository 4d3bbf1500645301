// Password hashing with argon2id at the cost the config names (OWASP minimum by default; tests go cheap).
import argon2 from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the same time as a real verify, so an unknown username answers as slowly as a wrong password. */
  verifyNothing(password: string): Promise<false>;
}

export function createPasswordHasher(cost: { memoryCost: number; timeCost: number }): PasswordHasher {
  const options = { type: argon2.argon2id as 2, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 1 };
  let decoy: Promise<string> | undefined;
  return {
    hash: (password) => argon2.hash(password, options),
    verify: async (hash, password) => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      decoy ??= argon2.hash('igloo-decoy-password', options);
      await argon2.verify(await decoy, password).catch(() => false);
      return false;
    },
  };
}
