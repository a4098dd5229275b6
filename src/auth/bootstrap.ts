// The first administrator of a fresh deployment comes from a secret: BOOTSTRAP_ADMIN =
// "<username>:<password>" (and BOOTSTRAP_PROVINCE, the province code it administers). It is
// honoured only while the registry has no account at all, so it cannot be used to add a second
// administrator later, and a deployment without the secret simply has no way in until one is set.
// Its password must meet the password rules like any other (outside development the Worker
// refuses to serve at all while it does not: src/http/safe-config.ts).
import { countUsers, insertUser, type RegistryDb, type UserRow } from "../db/registry";
import { settings } from "../env";
import { passwordProblem } from "./password-policy";
import { hashPassword } from "./passwords";

/** The bootstrap secret's username and password, when it is set and well formed. */
export function bootstrapCredentials(env: Env): { username: string; password: string } | undefined {
  const secret = (env as unknown as Record<string, string | undefined>).BOOTSTRAP_ADMIN;
  const at = secret?.indexOf(":") ?? -1;
  if (!secret || at < 1) return undefined;
  return { username: secret.slice(0, at), password: secret.slice(at + 1) };
}

export async function bootstrapAdmin(
  env: Env,
  db: RegistryDb,
  username: string,
  password: string,
): Promise<UserRow | undefined> {
  const province = (env as unknown as Record<string, string | undefined>).BOOTSTRAP_PROVINCE;
  const secret = bootstrapCredentials(env);
  if (!secret || !province || secret.username !== username || secret.password !== password) return undefined;
  if (passwordProblem(password, username, { development: settings(env).development })) return undefined;
  if ((await countUsers(db)) > 0) return undefined;
  const now = new Date().toISOString();
  return insertUser(db, {
    id: crypto.randomUUID(),
    username,
    passwordHash: await hashPassword(password),
    displayName: "Quản trị tỉnh",
    role: "province_admin",
    province,
    tenant: null,
    unitId: null,
    createdAt: now,
    updatedAt: now,
  });
}
