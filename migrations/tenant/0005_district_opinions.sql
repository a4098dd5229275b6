CREATE TABLE `district_opinions` (
	`id` text PRIMARY KEY NOT NULL,
	`campaign_id` text NOT NULL,
	`commune_id` text NOT NULL,
	`given_on` text NOT NULL,
	`number` text,
	`text` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `district_opinions_campaign_commune_uq` ON `district_opinions` (`campaign_id`,`commune_id`);--> statement-breakpoint
ALTER TABLE `decisions` ADD `signer_name` text;--> statement-breakpoint
ALTER TABLE `decisions` ADD `signer_title` text;