// The published texts read for the rule packs (a written record, as DOMAIN.md §3 asks: every
// value says where it comes from). Each constant is one source as found, with what it confirmed;
// the packs' provenance notes name them. Press reports are the official news agencies' summaries
// of a decree on its publication; where only they were found, the article of the decree is named
// as they report it and the value is marked verified only when two or more of them agree.

/**
 * Nghị định 351/2025/NĐ-CP (30/12/2025), as published on 31/12/2025 by TTXVN/VietnamPlus
 * ("Ban hành quy định về chuẩn nghèo đa chiều quốc gia giai đoạn 2026-2030"), Sài Gòn Giải Phóng
 * ("Nâng chuẩn nghèo đa chiều quốc gia giai đoạn 2027-2030") and Huế Ngày Nay ("Chuẩn nghèo đa
 * chiều quốc gia giai đoạn 2026-2030"). They confirm: the ND07 standard (Art. 3 of Decree 07/2021)
 * continues from 01/01/2026 to 31/12/2026; for 2027–2030 the income criterion is 2.200.000 đ
 * (nông thôn) and 2.800.000 đ (đô thị) per person per month; poor = income at or under it and
 * deprived in 3 or more indicators, near-poor = at or under it and fewer than 3; the employment
 * dimension holds the employment and dependents indicators. The decree's own text and annex
 * (every definition) were not among the stored texts.
 */
export const ND351_PRESS = "Nghị định 351/2025/NĐ-CP theo TTXVN/VietnamPlus, SGGP, Huế Ngày Nay ngày 31/12/2025";

/**
 * VietNamNet (2026), the National Office for Poverty Reduction (Phạm Hồng Đào): the 2026 lists use
 * the 2022–2025 standard, Decree 351/2025 applies from 2027; "the criterion on information means
 * has been removed, while criteria on the use of digital services, internet access, and the
 * capacity to handle domestic waste have been added".
 */
export const ND351_OFFICE = "Văn phòng Quốc gia về giảm nghèo, trả lời VietNamNet (2026)";

/**
 * The draft decree (Bộ Nông nghiệp và Môi trường, 2025), as reported by Vietnam.vn and Lao Động:
 * 6 dimensions and 12 indicators — employment (employment, dependents), health (health insurance,
 * nutrition), education (adult education, child schooling), housing (area per person, quality),
 * information (use of telecom services), "nước sinh hoạt, vệ sinh và môi trường" (water source,
 * hygienic latrine, waste treatment); dependents = children under 16 and elderly or disabled people
 * receiving a monthly social allowance; a two-tier line (1.9/2.2 million) later dropped.
 */
export const ND351_DRAFT = "Dự thảo Nghị định chuẩn nghèo đa chiều 2026–2030 (Vietnam.vn, Lao Động, 2025)";

/**
 * Decree 07/2021/NĐ-CP, English text (LuatVietnam): Art. 2 extends Decision 59/2015 through 2021;
 * Art. 3(1)(a) lines 1.500.000 đ rural and 2.000.000 đ urban for 2022–2025. VietnamPlus (02/2021)
 * lists its 12 indicators in six services (employment, dependents, nutrition, health insurance,
 * adult education, child schooling, housing quality, area per person, water, latrine, telecom
 * services, means of access to information).
 */
export const ND07_TEXT = "Nghị định 07/2021/NĐ-CP (bản dịch LuatVietnam; TTXVN/VietnamPlus 02/2021)";

/**
 * Decision 59/2015/QĐ-TTg as reported by VietNamNet/TTXVN, Le Courrier du Vietnam and VOV (11/2015):
 * lines 700.000/900.000 đ and minimum-living lines 1.000.000/1.300.000 đ; 5 services and 10
 * indicators; average living 1.000.000–1.500.000 đ rural and 1.300.000–1.950.000 đ urban.
 */
export const QD59_PRESS = "Quyết định 59/2015/QĐ-TTg theo VietNamNet/TTXVN, Le Courrier du Vietnam, VOV (11/2015)";

/** DOMAIN.md, the project's reading of the texts: values it states without "(verify)". */
export const DOMAIN_SPEC = "DOMAIN.md §3 (giá trị không đánh dấu cần kiểm tra)";

/**
 * Not found in the stored texts: the annexes of Circular 07/2021/TT-BLĐTBXH (Phiếu B point
 * tables), its amendments, and a circular guiding the reviews under Decree 351/2025.
 */
export const NOT_FOUND = "Không tìm thấy văn bản gốc trong các nguồn đã tra cứu";
