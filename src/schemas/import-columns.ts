// The columns of a household list, with their Vietnamese names: shared by the reader, the error
// report and the web app's preview (no zod here, so that the web app can take them as values).

export const IMPORT_COLUMNS = [
  "key",
  "villageCode",
  "address",
  "headName",
  "fullName",
  "sex",
  "birth",
  "ethnicity",
  "relationToHead",
  "idNumber",
  "healthInsurance",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Each column's Vietnamese name, as in the error report and the preview. */
export const IMPORT_COLUMN_LABELS: Record<ImportColumn, string> = {
  key: "Mã hộ",
  villageCode: "Mã thôn",
  address: "Địa chỉ",
  headName: "Chủ hộ",
  fullName: "Họ và tên",
  sex: "Giới tính",
  birth: "Năm sinh",
  ethnicity: "Dân tộc",
  relationToHead: "Quan hệ với chủ hộ",
  idNumber: "Số CCCD",
  healthInsurance: "BHYT",
};
