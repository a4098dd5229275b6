CREATE TABLE `cross_tenant_people` (
	`province` text NOT NULL,
	`id_hash` text NOT NULL,
	`tenants` text NOT NULL,
	`found_at` text NOT NULL,
	PRIMARY KEY(`province`, `id_hash`)
);
--> statement-breakpoint
CREATE TABLE `province_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`province` text NOT NULL,
	`year` integer NOT NULL,
	`form` text NOT NULL,
	`format` text NOT NULL,
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
CREATE INDEX `province_exports_created_idx` ON `province_exports` (`created_by`,`created_at`);--> statement-breakpoint
CREATE INDEX `province_exports_expires_idx` ON `province_exports` (`expires_at`);