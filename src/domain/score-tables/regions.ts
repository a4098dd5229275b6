// The score columns of the Phiếu B tables of 2016–2020 (DOMAIN.md §3.4): urban plus the six
// socio-economic regions (vùng kinh tế – xã hội) of the General Statistics Office. Data, not a fixed
// set: a table declares the columns it has, and a table with other regions brings its own.
import type { ScoreRegionDef } from "../score";

export const REGIONS_2016: readonly ScoreRegionDef[] = [
  { code: "urban", nameVi: "Thành thị" },
  { code: "red_river_delta", nameVi: "Đồng bằng sông Hồng" },
  { code: "northern_midlands_mountains", nameVi: "Trung du và miền núi phía Bắc" },
  { code: "north_central_coast", nameVi: "Bắc Trung Bộ và duyên hải miền Trung" },
  { code: "central_highlands", nameVi: "Tây Nguyên" },
  { code: "south_east", nameVi: "Đông Nam Bộ" },
  { code: "mekong_delta", nameVi: "Đồng bằng sông Cửu Long" },
];
