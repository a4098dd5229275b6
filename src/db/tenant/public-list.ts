// The posted list of a village as citizens see it (niêm yết): only what is posted at the village
// house — head of household, address, category — never ID numbers or members.
import type { Category } from "../../domain";

export interface OpenPosting {
  id: string;
  campaignId: string;
  startsOn: string;
  endsOn: string;
  householdIds: string[];
}

/** The village's posting whose window contains `today` (the latest one if several do). */
export async function openPosting(d1: D1Database, villageId: string, today: string): Promise<OpenPosting | null> {
  const row = await d1
    .prepare(
      `SELECT id, campaign_id AS campaignId, starts_on AS startsOn, ends_on AS endsOn, household_ids AS householdIds
         FROM postings WHERE village_id = ? AND starts_on <= ? AND ends_on >= ?
         ORDER BY starts_on DESC, created_at DESC LIMIT 1`,
    )
    .bind(villageId, today, today)
    .first<{ id: string; campaignId: string; startsOn: string; endsOn: string; householdIds: string }>();
  if (!row) return null;
  const ids = JSON.parse(row.householdIds) as unknown;
  return { ...row, householdIds: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [] };
}

export interface PostedHousehold {
  headName: string;
  address: string;
  category: Category;
}

/** The posted households with the category of their result in the posting's campaign, by name. */
export async function postedHouseholds(d1: D1Database, posting: OpenPosting): Promise<PostedHousehold[]> {
  if (posting.householdIds.length === 0) return [];
  const { results } = await d1
    .prepare(
      `SELECT h.head_name AS headName, h.address AS address, a.category AS category
         FROM json_each(?) AS p
         JOIN households h ON h.id = p.value
         JOIN assessments a ON a.household_id = h.id AND a.campaign_id = ?
        WHERE a.category IS NOT NULL
        ORDER BY h.head_name`,
    )
    .bind(JSON.stringify(posting.householdIds), posting.campaignId)
    .all<PostedHousehold>();
  return results;
}

/** The village's name and its commune's, for the heading of the list. */
export function villageNames(
  d1: D1Database,
  villageId: string,
): Promise<{ villageName: string; communeName: string } | null> {
  return d1
    .prepare(
      "SELECT v.name AS villageName, m.name AS communeName FROM units v JOIN units m ON m.id = v.parent_id WHERE v.id = ? AND v.level = 'village'",
    )
    .bind(villageId)
    .first<{ villageName: string; communeName: string }>();
}
