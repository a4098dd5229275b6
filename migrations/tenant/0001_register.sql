CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`chain` text NOT NULL,
	`seq` integer NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`actor_name` text NOT NULL,
	`actor_role` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`reason` text,
	`changes` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_chain_seq_uq` ON `audit_log` (`chain`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_id`,`at`);--> statement-breakpoint
CREATE TABLE `household_events` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`household_id` text NOT NULL,
	`other_household_id` text,
	`from_village_id` text,
	`to_village_id` text,
	`member_ids` text DEFAULT '[]' NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `household_events_household_idx` ON `household_events` (`household_id`,`at`);--> statement-breakpoint
CREATE INDEX `household_events_other_idx` ON `household_events` (`other_household_id`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` text PRIMARY KEY NOT NULL,
	`village_id` text NOT NULL,
	`address` text DEFAULT '' NOT NULL,
	`head_name` text NOT NULL,
	`search_text` text NOT NULL,
	`member_count` integer NOT NULL,
	`facts` text DEFAULT '{}' NOT NULL,
	`category` text,
	`status` text DEFAULT 'active' NOT NULL,
	`merged_into` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `households_village_idx` ON `households` (`village_id`,`status`,`head_name`);--> statement-breakpoint
CREATE INDEX `households_category_idx` ON `households` (`category`,`village_id`);--> statement-breakpoint
CREATE TABLE `idempotency` (
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`response` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_created_idx` ON `idempotency` (`created_at`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`household_id` text NOT NULL,
	`position` integer NOT NULL,
	`full_name` text NOT NULL,
	`sex` text NOT NULL,
	`birth_year` integer NOT NULL,
	`ethnicity` text NOT NULL,
	`relation_to_head` text NOT NULL,
	`id_number` text,
	`id_hash` text,
	`facts` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `members_household_idx` ON `members` (`household_id`,`position`);--> statement-breakpoint
CREATE INDEX `members_id_hash_idx` ON `members` (`id_hash`);--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`full_name`,`birth_year`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `summary_counters` (
	`scope` text NOT NULL,
	`unit_id` text NOT NULL,
	`key` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`scope`, `unit_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `write_guard` (
	`ok` integer NOT NULL
);
