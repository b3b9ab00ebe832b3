/** Configuration read from the environment, with messages that name what is missing. */
import { env as envNames } from '#infra/definitions.ts';

/** A required environment variable, with a message that names it when it is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export const tableName = (): string => requiredEnv(envNames.tableName);
export const bucketName = (): string => requiredEnv(envNames.bucketName);
