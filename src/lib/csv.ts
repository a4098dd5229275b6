// One CSV field (RFC 4180), safe to open in a spreadsheet: a text that Excel or LibreOffice would
// run as a formula (it begins with =, +, -, @, a tab or a carriage return) gets a leading
// apostrophe and stays text (CSV injection, OWASP). Fields with a comma, semicolon (the list
// separator of Vietnamese Excel), quote or line break are quoted.
export function csvField(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
