// Synthetic households written as the CSV a commune would upload (one row per person, Vietnamese
// headers), for the demo seed and the benchmarks of the import.
import { labels } from "../domain";
import type { SyntheticHousehold } from "./synthetic";

const cell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function householdsCsv(
  list: readonly SyntheticHousehold[],
  villageCode: (villageId: string) => string,
  keyPrefix = "H",
): string {
  const lines = ["Mã thôn,Mã hộ,Địa chỉ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ với chủ hộ,Số CCCD,BHYT"];
  list.forEach((h, n) => {
    for (const m of h.members) {
      const ethnicity = labels.ethnicity[m.ethnicity as keyof typeof labels.ethnicity] ?? m.ethnicity;
      const insurance = m.healthInsurance === undefined ? "" : m.healthInsurance ? "Có" : "Không";
      lines.push(
        [
          villageCode(h.villageId),
          `${keyPrefix}${n}`,
          h.address,
          m.fullName,
          labels.sex[m.sex],
          m.birthYear,
          ethnicity,
          labels.relationToHead[m.relationToHead],
          m.idNumber ?? "",
          insurance,
        ]
          .map(cell)
          .join(","),
      );
    }
  });
  return `${lines.join("\r\n")}\r\n`;
}
