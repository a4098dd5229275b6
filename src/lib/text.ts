// Text folding for search: "Nguyễn Văn An" and "nguyen van an" fold to the same string, so a
// search ignores Vietnamese diacritics and case. Shared by the Worker and the web app.

const MARKS = /[\u0300-\u036f]/g;

export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(MARKS, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** NFC, trimmed, inner whitespace collapsed: how names and addresses are stored. */
export function tidy(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}
