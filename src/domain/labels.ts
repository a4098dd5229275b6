// Vietnamese labels of every code the domain uses, for the web app and the reports. Typed as
// complete records so that adding a code without its label fails to compile.
import type {
  CauseOfPoverty, Device, Diploma, Disability, Employment, Ethnicity, FrameMaterial, HealthAccess, Latrine, Nutrition,
  RelationToHead, RoofMaterial, SchoolLevel, Sex, SupportNeed, WallMaterial, WasteTreatment, WaterSource, WorkingCapacity,
} from "./facts";
import type { MovementKind } from "./movement";
import type { ScoreRegion } from "./score";
import type { Area, Category, IndicatorCode } from "./standards";

export const labels = {
  sex: { male: "Nam", female: "Nữ" } satisfies Record<Sex, string>,
  ethnicity: {
    kinh: "Kinh", tay: "Tày", nung: "Nùng", san_chay: "Sán Chay", san_diu: "Sán Dìu", hoa: "Hoa", dao: "Dao",
    hmong: "Mông", thai: "Thái", muong: "Mường", khmer: "Khmer", other: "Dân tộc khác",
  } satisfies Record<Ethnicity, string>,
  relationToHead: {
    head: "Chủ hộ", spouse: "Vợ/chồng", child: "Con", child_in_law: "Con dâu/con rể", grandchild: "Cháu",
    parent: "Bố/mẹ", sibling: "Anh/chị/em", other_relative: "Họ hàng khác", other: "Khác",
  } satisfies Record<RelationToHead, string>,
  schoolLevel: {
    preschool: "Mầm non", primary: "Tiểu học", lower_secondary: "Trung học cơ sở", upper_secondary: "Trung học phổ thông",
    vocational: "Giáo dục nghề nghiệp", higher: "Cao đẳng, đại học",
  } satisfies Record<SchoolLevel, string>,
  diploma: {
    none: "Chưa có bằng cấp", primary: "Tốt nghiệp tiểu học", lower_secondary: "Tốt nghiệp THCS", upper_secondary: "Tốt nghiệp THPT",
    vocational_elementary: "Sơ cấp nghề", vocational_intermediate: "Trung cấp", college: "Cao đẳng", university: "Đại học trở lên",
  } satisfies Record<Diploma, string>,
  workingCapacity: { full: "Có khả năng lao động", limited: "Hạn chế khả năng lao động", none: "Không có khả năng lao động" } satisfies Record<WorkingCapacity, string>,
  employment: {
    wage_contract: "Làm công ăn lương có hợp đồng lao động", wage_no_contract: "Làm công ăn lương không có hợp đồng lao động",
    self_employed: "Tự làm (nông nghiệp, kinh doanh)", unemployed: "Thất nghiệp", not_in_labour_force: "Không tham gia lao động (đi học, nội trợ, …)",
  } satisfies Record<Employment, string>,
  nutrition: { normal: "Bình thường", stunted: "Suy dinh dưỡng thấp còi", underweight: "Suy dinh dưỡng nhẹ cân" } satisfies Record<Nutrition, string>,
  disability: { none: "Không khuyết tật", mild: "Khuyết tật nhẹ", severe: "Khuyết tật nặng", very_severe: "Khuyết tật đặc biệt nặng" } satisfies Record<Disability, string>,
  wallMaterial: {
    concrete: "Bê tông", brick_stone: "Gạch, đá", metal: "Kim loại", durable_wood: "Gỗ bền chắc", earth: "Đất, vách đất",
    bamboo_leaves: "Tre, nứa, lá", other_flimsy: "Vật liệu tạm khác",
  } satisfies Record<WallMaterial, string>,
  frameMaterial: {
    reinforced_concrete: "Bê tông cốt thép", brick_stone: "Gạch, đá", steel: "Sắt, thép", durable_wood: "Gỗ bền chắc",
    poor_wood: "Gỗ tạp", bamboo: "Tre, nứa", other_flimsy: "Vật liệu tạm khác",
  } satisfies Record<FrameMaterial, string>,
  roofMaterial: {
    concrete: "Bê tông", tile: "Ngói", metal_sheet: "Tôn", fibre_cement: "Fibro xi măng", leaves_straw: "Lá, rơm rạ", other_flimsy: "Vật liệu tạm khác",
  } satisfies Record<RoofMaterial, string>,
  waterSource: {
    piped: "Nước máy", drilled_well: "Giếng khoan", protected_dug_well: "Giếng đào được bảo vệ", protected_spring: "Khe, mó được bảo vệ",
    rain_water: "Nước mưa", bottled: "Nước đóng chai, bình", unprotected_dug_well: "Giếng đào không được bảo vệ",
    unprotected_spring: "Khe, mó không được bảo vệ", surface_water: "Nước sông, suối, ao, hồ", vendor: "Mua của người bán rong", other: "Nguồn khác",
  } satisfies Record<WaterSource, string>,
  latrine: {
    septic_tank: "Tự hoại", pour_flush: "Thấm dội nước", double_vault: "Hai ngăn", ventilated_pit: "Chìm có ống thông hơi",
    biogas: "Biogas", simple_pit: "Hố xí đào đơn giản", over_water: "Cầu tiêu trên ao, sông", none: "Không có nhà tiêu",
  } satisfies Record<Latrine, string>,
  wasteTreatment: { collected: "Được thu gom", buried_or_composted: "Chôn lấp, ủ hợp vệ sinh", burned: "Đốt", dumped: "Vứt bỏ ra môi trường" } satisfies Record<WasteTreatment, string>,
  healthAccess: { no_serious_illness: "Không có người ốm đau nặng", treated: "Có người ốm đau, đã đi khám chữa bệnh", not_treated: "Có người ốm đau nhưng không đi khám chữa bệnh" } satisfies Record<HealthAccess, string>,
  device: { tv: "Ti vi", radio: "Radio", computer: "Máy tính", phone: "Điện thoại", smartphone: "Điện thoại thông minh" } satisfies Record<Device, string>,
  causeOfPoverty: {
    land: "Thiếu đất sản xuất", capital: "Thiếu vốn", labour: "Thiếu lao động", tools: "Thiếu phương tiện sản xuất",
    know_how: "Không biết cách làm ăn", skills: "Không có tay nghề", illness_or_accident: "Ốm đau, bệnh nặng, tai nạn", other: "Nguyên nhân khác",
  } satisfies Record<CauseOfPoverty, string>,
  supportNeed: {
    credit: "Vay vốn tín dụng ưu đãi", vocational_training: "Đào tạo nghề", job: "Giới thiệu việc làm", production_land: "Đất sản xuất",
    production_tools: "Phương tiện sản xuất", livestock_seeds: "Cây, con giống", technical_know_how: "Hướng dẫn cách làm ăn, khuyến nông",
    housing: "Hỗ trợ nhà ở", clean_water: "Nước sinh hoạt", sanitation: "Nhà tiêu hợp vệ sinh", health_insurance: "Bảo hiểm y tế",
    education: "Hỗ trợ giáo dục", information: "Tiếp cận thông tin", other: "Hỗ trợ khác",
  } satisfies Record<SupportNeed, string>,
  area: { rural: "Nông thôn", urban: "Thành thị" } satisfies Record<Area, string>,
  category: { poor: "Hộ nghèo", near_poor: "Hộ cận nghèo", average_living: "Hộ có mức sống trung bình", non_poor: "Hộ không nghèo" } satisfies Record<Category, string>,
  poorBasis: { income: "Nghèo về thu nhập", deprivation: "Nghèo thiếu hụt dịch vụ xã hội cơ bản" } satisfies Record<"income" | "deprivation", string>,
  indicator: {
    employment: "Việc làm", dependents: "Người phụ thuộc trong hộ gia đình", nutrition: "Dinh dưỡng", health_access: "Tiếp cận các dịch vụ y tế",
    health_insurance: "Bảo hiểm y tế", adult_education: "Trình độ giáo dục của người lớn", child_schooling: "Tình trạng đi học của trẻ em",
    housing_quality: "Chất lượng nhà ở", housing_area: "Diện tích nhà ở bình quân đầu người", water: "Nguồn nước sinh hoạt",
    sanitation: "Nhà tiêu hợp vệ sinh", waste: "Xử lý rác thải sinh hoạt", telecom: "Sử dụng dịch vụ viễn thông",
    information_access: "Phương tiện phục vụ tiếp cận thông tin", information_assets: "Tài sản phục vụ tiếp cận thông tin",
  } satisfies Record<IndicatorCode, string>,
  movement: {
    still_poor: "Hộ nghèo cũ (tiếp tục nghèo)",
    poor_to_near_poor: "Từ hộ nghèo thành hộ cận nghèo",
    escaped_poverty: "Thoát nghèo",
    poor_left: "Hộ nghèo giảm do nguyên nhân khác (chuyển đi, tách, nhập, không còn nhân khẩu)",
    near_poor_to_poor: "Từ hộ cận nghèo thành hộ nghèo",
    still_near_poor: "Hộ cận nghèo cũ (tiếp tục cận nghèo)",
    escaped_near_poverty: "Thoát cận nghèo",
    near_poor_left: "Hộ cận nghèo giảm do nguyên nhân khác (chuyển đi, tách, nhập, không còn nhân khẩu)",
    poor_again: "Tái nghèo",
    newly_poor: "Hộ nghèo phát sinh (nghèo mới)",
    poor_arrived: "Hộ nghèo tăng do nguyên nhân khác (hộ mới tách, chuyển đến)",
    near_poor_again: "Tái cận nghèo",
    newly_near_poor: "Hộ cận nghèo phát sinh (cận nghèo mới)",
    near_poor_arrived: "Hộ cận nghèo tăng do nguyên nhân khác (hộ mới tách, chuyển đến)",
    not_poor: "Không nghèo, không cận nghèo ở cả hai kỳ",
  } satisfies Record<MovementKind, string>,
  scoreRegion: {
    urban: "Thành thị", red_river_delta: "Đồng bằng sông Hồng", northern_midlands_mountains: "Trung du và miền núi phía Bắc",
    north_central_coast: "Bắc Trung Bộ và duyên hải miền Trung", central_highlands: "Tây Nguyên", south_east: "Đông Nam Bộ", mekong_delta: "Đồng bằng sông Cửu Long",
  } satisfies Record<ScoreRegion, string>,
} as const;
