CREATE TABLE `anomaly_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`rule` text NOT NULL,
	`subject_id` text NOT NULL,
	`note` text NOT NULL,
	`reviewed_by` text NOT NULL,
	`reviewed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `anomaly_reviews_uq` ON `anomaly_reviews` (`campaign_id`,`rule`,`subject_id`);--> statement-breakpoint
CREATE TABLE `assessment_indicators` (
	`assessment_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`village_id` text NOT NULL,
	`code` text NOT NULL,
	`deprived` integer NOT NULL,
	`source` text NOT NULL,
	PRIMARY KEY(`assessment_id`, `code`)
);
--> statement-breakpoint
CREATE INDEX `assessment_indicators_campaign_idx` ON `assessment_indicators` (`campaign_id`,`code`,`deprived`);--> statement-breakpoint
CREATE TABLE `assessments` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`household_id` text NOT NULL,
	`village_id` text NOT NULL,
	`commune_id` text NOT NULL,
	`state` text NOT NULL,
	`list_reason` text NOT NULL,
	`answers` text,
	`result` text,
	`category` text,
	`previous_category` text,
	`movement` text,
	`poor_basis` text,
	`deprivation_count` integer,
	`monthly_income` integer,
	`score_a` integer,
	`provisional` integer DEFAULT false NOT NULL,
	`persons` integer DEFAULT 0 NOT NULL,
	`excluded_reason` text,
	`return_comment` text,
	`override_count` integer DEFAULT 0 NOT NULL,
	`save_count` integer DEFAULT 0 NOT NULL,
	`last_saved_by` text,
	`first_saved_at` text,
	`last_saved_at` text,
	`submitted_at` text,
	`accepted_at` text,
	`agreed_at` text,
	`posted_at` text,
	`decided_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assessments_campaign_household_uq` ON `assessments` (`campaign_id`,`household_id`);--> statement-breakpoint
CREATE INDEX `assessments_campaign_village_state_idx` ON `assessments` (`campaign_id`,`village_id`,`state`);--> statement-breakpoint
CREATE INDEX `assessments_campaign_category_idx` ON `assessments` (`campaign_id`,`category`,`village_id`);--> statement-breakpoint
CREATE INDEX `assessments_household_idx` ON `assessments` (`household_id`);--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	`standard` text NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`review_date` text NOT NULL,
	`previous_campaign_id` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `campaigns_year_idx` ON `campaigns` (`year`,`kind`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`household_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`village_id` text NOT NULL,
	`type` text NOT NULL,
	`channel` text NOT NULL,
	`text` text NOT NULL,
	`filed_by` text NOT NULL,
	`filed_by_name` text NOT NULL,
	`filed_by_role` text NOT NULL,
	`filed_at` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution_reason` text,
	`resolved_by` text,
	`resolved_at` text,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `complaints_campaign_village_idx` ON `complaints` (`campaign_id`,`village_id`,`status`);--> statement-breakpoint
CREATE INDEX `complaints_household_idx` ON `complaints` (`household_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`commune_id` text NOT NULL,
	`number` text NOT NULL,
	`signed_on` text NOT NULL,
	`poor` text NOT NULL,
	`near_poor` text NOT NULL,
	`escaped_poor` text NOT NULL,
	`escaped_near_poor` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `decisions_campaign_commune_uq` ON `decisions` (`campaign_id`,`commune_id`);--> statement-breakpoint
CREATE TABLE `exports` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text,
	`form` text NOT NULL,
	`format` text NOT NULL,
	`unit_id` text,
	`decided_only` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`object_key` text,
	`bytes` integer,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `exports_created_idx` ON `exports` (`created_by`,`created_at`);--> statement-breakpoint
CREATE INDEX `exports_expires_idx` ON `exports` (`expires_at`);--> statement-breakpoint
CREATE TABLE `list_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`household_id` text NOT NULL,
	`form` text NOT NULL,
	`note` text,
	`filed_by` text NOT NULL,
	`filed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `list_requests_uq` ON `list_requests` (`campaign_id`,`household_id`,`form`);--> statement-breakpoint
CREATE TABLE `meeting_results` (
	`meeting_id` text NOT NULL,
	`household_id` text NOT NULL,
	`assessment_id` text NOT NULL,
	`agree` integer NOT NULL,
	`agreed` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `household_id`)
);
--> statement-breakpoint
CREATE INDEX `meeting_results_assessment_idx` ON `meeting_results` (`assessment_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`village_id` text NOT NULL,
	`held_on` text NOT NULL,
	`chair` text NOT NULL,
	`secretary` text NOT NULL,
	`attendees` integer NOT NULL,
	`notes` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `meetings_campaign_village_idx` ON `meetings` (`campaign_id`,`village_id`,`held_on`);--> statement-breakpoint
CREATE TABLE `postings` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`village_id` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`working_days` integer NOT NULL,
	`household_ids` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `postings_campaign_village_idx` ON `postings` (`campaign_id`,`village_id`,`ends_on`);