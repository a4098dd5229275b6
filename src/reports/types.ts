// The shapes of the report forms as data (API.md: `campaigns/{campaign}/reports/{form}`): columns
// with Vietnamese labels, one row per unit directly under the requested unit, urban/rural
// subtotals, and the total. The writers (xlsx, csv) lay the same table out like the paper form.

export const SUMMARY_FORMS = [
  "results",
  "poor-movement",
  "near-poor-movement",
  "deprivations",
  "groups",
  "ethnicity",
  "causes",
  "children",
  "progress",
] as const;
export type SummaryFormCode = (typeof SUMMARY_FORMS)[number];
/** Lists by name (forms 12–13): households with their members and support needs. */
export const LIST_FORMS = ["poor-list", "near-poor-list"] as const;
export type ListFormCode = (typeof LIST_FORMS)[number];
export const FORMS = [...SUMMARY_FORMS, ...LIST_FORMS] as const;
export type FormCode = (typeof FORMS)[number];

export const isListForm = (form: FormCode): form is ListFormCode => (LIST_FORMS as readonly string[]).includes(form);

/** How a column's values add up from villages to communes and the total. */
export type ColumnKind = "text" | "count" | "rate" | "money" | "timestamp";

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
  /** The header over several columns on the paper form ("Hộ nghèo" over "Số hộ", "Tỷ lệ"). */
  group?: string;
}

export type CellValue = number | string | null;
export type Values = Record<string, CellValue>;

export interface ReportRow extends Values {
  unitId: string;
  unitName: string;
  area: "urban" | "rural";
}

export interface Subtotal extends Values {
  area: "urban" | "rural";
  label: string;
}

/** What every report answers with; `rows` are units (lists by name: households, see ListReport). */
export interface ReportHeader {
  form: FormCode;
  title: string;
  period: string;
  /** null: the whole tenant */
  unitId: string | null;
  unitName: string;
  campaignId: string;
  decidedOnly: boolean;
  columns: ReportColumn[];
}

export interface SummaryReport extends ReportHeader {
  rows: ReportRow[];
  subtotals: Subtotal[];
  total: Values;
}

export interface ListMember {
  id: string;
  fullName: string;
  sex: string;
  birthYear: number;
  ethnicity: string;
  relationToHead: string;
}

export interface ListHousehold {
  householdId: string;
  unitId: string;
  unitName: string;
  headName: string;
  address: string;
  persons: number;
  category: string;
  deprivationCount: number | null;
  movement: string | null;
  causesOfPoverty: string[];
  supportNeeds: string[];
  members: ListMember[];
}

export interface ListReport extends ReportHeader {
  rows: ListHousehold[];
  total: { households: number; persons: number };
  nextCursor: string | null;
}
