// ⚠ EXAMPLE ONLY — NOT AN OFFICIAL TABLE. Points invented to show the format and to exercise the
// score mechanism (tests, demo data). The official Phiếu B tables must be loaded by an
// administrator from the ministry's text; never present this table as official.
import type { ScoreRegion, ScoreTable } from "../score";
import { REGIONS_2016 } from "./regions";

/** Points in the order of REGIONS_2016: urban, Red River Delta, northern mountains, central coast, highlands, south east, Mekong. */
const p = (...v: [number, number, number, number, number, number, number]): Record<ScoreRegion, number> =>
  Object.fromEntries(REGIONS_2016.map((r, i) => [r.code, v[i]!]));
const all = (n: number) => p(n, n, n, n, n, n, n);

export const EXAMPLE_SCORE_TABLE: ScoreTable = {
  id: "EXAMPLE_ND07_2021",
  title: "Bảng điểm MẪU — không phải bảng chính thức (ví dụ minh hoạ cho Phiếu B theo Nghị định 07/2021/NĐ-CP)",
  official: false,
  standard: "ND07_2021",
  provenance: {
    source: "Ví dụ của phần mềm, không phải văn bản pháp luật",
    status: "provisional",
    note: "Điểm đặt ra để minh hoạ định dạng; bảng chính thức (phụ lục Thông tư 07/2021/TT-BLĐTBXH) không có trong các nguồn đã tra cứu.",
  },
  regions: [...REGIONS_2016],
  items: [
    {
      code: "household_size",
      labelVi: "Số nhân khẩu của hộ",
      options: [
        { code: "one", labelVi: "1 người", points: p(55, 50, 48, 49, 48, 54, 52) },
        { code: "two", labelVi: "2 người", points: p(46, 42, 40, 41, 40, 45, 43) },
        { code: "three", labelVi: "3 người", points: p(38, 34, 32, 33, 32, 37, 35) },
        { code: "four", labelVi: "4 người", points: p(31, 28, 26, 27, 26, 30, 28) },
        { code: "five", labelVi: "5 người", points: p(25, 22, 20, 21, 20, 24, 22) },
        { code: "six_or_more", labelVi: "6 người trở lên", points: p(18, 15, 13, 14, 13, 17, 15) },
      ],
    },
    {
      code: "dependents_share",
      labelVi: "Tỷ lệ người phụ thuộc",
      options: [
        { code: "none", labelVi: "Không có người phụ thuộc", points: all(15) },
        { code: "up_to_half", labelVi: "Đến 50%", points: all(8) },
        { code: "over_half", labelVi: "Trên 50%", points: all(0) },
      ],
    },
    {
      code: "highest_diploma",
      labelVi: "Bằng cấp cao nhất của thành viên",
      options: [
        { code: "primary_or_none", labelVi: "Tiểu học hoặc không có", points: all(0) },
        { code: "lower_secondary", labelVi: "Trung học cơ sở", points: p(6, 5, 5, 5, 5, 6, 5) },
        { code: "upper_secondary", labelVi: "Trung học phổ thông", points: p(12, 10, 10, 10, 10, 12, 10) },
        { code: "vocational_or_college", labelVi: "Trung cấp, cao đẳng", points: p(16, 14, 14, 14, 14, 16, 14) },
        { code: "university", labelVi: "Đại học trở lên", points: p(22, 20, 20, 20, 20, 22, 20) },
      ],
    },
    {
      code: "wage_job",
      labelVi: "Có thành viên làm công ăn lương có hợp đồng",
      options: [
        { code: "no", labelVi: "Không", points: all(0) },
        { code: "yes", labelVi: "Có", points: p(18, 15, 15, 15, 15, 18, 15) },
      ],
    },
    {
      code: "pension",
      labelVi: "Có thành viên hưởng lương hưu, trợ cấp BHXH hằng tháng",
      options: [
        { code: "no", labelVi: "Không", points: all(0) },
        { code: "yes", labelVi: "Có", points: all(15) },
      ],
    },
    {
      code: "wall",
      labelVi: "Vật liệu chính của tường nhà",
      options: [
        { code: "flimsy", labelVi: "Tre, nứa, lá, vật liệu tạm", points: all(0) },
        { code: "earth_or_wood", labelVi: "Đất, gỗ", points: all(5) },
        { code: "brick_concrete", labelVi: "Gạch, đá, bê tông", points: p(12, 12, 10, 12, 10, 12, 12) },
      ],
    },
    {
      code: "area_per_person",
      labelVi: "Diện tích nhà ở bình quân đầu người",
      options: [
        { code: "under_8", labelVi: "Dưới 8 m²", points: all(0) },
        { code: "from_8_to_20", labelVi: "Từ 8 đến dưới 20 m²", points: all(8) },
        { code: "20_or_more", labelVi: "Từ 20 m² trở lên", points: all(15) },
      ],
    },
    {
      code: "water",
      labelVi: "Nguồn nước sinh hoạt chính",
      options: [
        { code: "unclean", labelVi: "Không hợp vệ sinh", points: all(0) },
        { code: "clean", labelVi: "Giếng khoan, giếng đào, khe mó được bảo vệ, nước mưa", points: all(5) },
        { code: "piped", labelVi: "Nước máy", points: p(10, 10, 12, 10, 12, 10, 10) },
      ],
    },
    {
      code: "latrine",
      labelVi: "Nhà tiêu hợp vệ sinh",
      options: [
        { code: "no", labelVi: "Không", points: all(0) },
        { code: "yes", labelVi: "Có", points: all(8) },
      ],
    },
    {
      code: "motorbike",
      labelVi: "Số xe máy",
      options: [
        { code: "none", labelVi: "Không có", points: all(0) },
        { code: "one", labelVi: "1 chiếc", points: all(10) },
        { code: "two_or_more", labelVi: "2 chiếc trở lên", points: all(18) },
      ],
    },
    {
      code: "fridge",
      labelVi: "Tủ lạnh",
      options: [
        { code: "no", labelVi: "Không", points: all(0) },
        { code: "yes", labelVi: "Có", points: all(8) },
      ],
    },
    {
      code: "car",
      labelVi: "Ô tô",
      options: [
        { code: "no", labelVi: "Không", points: all(0) },
        { code: "yes", labelVi: "Có", points: all(30) },
      ],
    },
    {
      code: "production_land",
      labelVi: "Diện tích đất sản xuất",
      options: [
        { code: "none", labelVi: "Không có", points: all(0) },
        { code: "under_1000", labelVi: "Dưới 1.000 m²", points: p(0, 5, 4, 5, 4, 5, 5) },
        { code: "1000_to_5000", labelVi: "Từ 1.000 đến 5.000 m²", points: p(0, 12, 10, 12, 10, 12, 12) },
        { code: "over_5000", labelVi: "Trên 5.000 m²", points: p(0, 20, 18, 20, 18, 20, 20) },
      ],
    },
    {
      code: "livestock",
      labelVi: "Trâu, bò, lợn nái",
      options: [
        { code: "none", labelVi: "Không có", points: all(0) },
        { code: "some", labelVi: "Có", points: p(0, 8, 10, 8, 10, 8, 8) },
      ],
    },
  ],
};
