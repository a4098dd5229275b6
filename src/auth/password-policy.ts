// Which passwords may be set (OWASP ASVS 2.1.1, 2.1.7; NIST SP 800-63B 5.1.1.2): at least 10
// characters, not the username or containing it, and not one of the 10,000 most common
// passwords. No rules on character classes: length and the list do the work, and any character
// (Vietnamese letters, spaces) is welcome. The rules apply to every password set through the API
// (a new account, a reset, a change of one's own).
import { COMMON_PASSWORDS } from "./common-passwords";

export const MIN_PASSWORD_LENGTH = 10;

/**
 * The password of the local demo's accounts (API.md, "Demo data"). It is too short for the rules
 * and is accepted only while APP_ENV is "development", which is honoured only on a local host
 * (src/http/safe-config.ts); anywhere else it is refused like any weak password.
 */
export const DEMO_PASSWORD = "demo12345";

const common = new Set(COMMON_PASSWORDS);

/** Why `password` may not be set for `username`, in Vietnamese; null when it may. */
export function passwordProblem(password: string, username: string, opts: { development: boolean }): string | null {
  if (opts.development && password === DEMO_PASSWORD) return null;
  const text = password.normalize("NFC");
  if ([...text].length < MIN_PASSWORD_LENGTH) return `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
  const lower = text.toLowerCase();
  const name = username.trim().toLowerCase();
  if (name && lower.includes(name)) return "Mật khẩu không được trùng hay chứa tên đăng nhập.";
  if (common.has(lower))
    return "Mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.";
  return null;
}
