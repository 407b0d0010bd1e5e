/**
 * CSV as spreadsheets read it (RFC 4180), with a UTF-8 byte order mark so Excel shows Chinese,
 * and every cell that a spreadsheet would take as a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed
 * with `'` (OWASP's CSV injection advice: https://owasp.org/www-community/attacks/CSV_Injection).
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(cell).join(",")).join("\r\n")}\r\n`;
}

function cell(value: string | number): string {
  const text = typeof value === "number" ? String(value) : value.replace(/^[=+\-@\t\r]/, "'$&");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
