CREATE TABLE `imports` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`file_name` text,
	`file_bytes` integer NOT NULL,
	`file_hash` text NOT NULL,
	`encoding` text,
	`status` text NOT NULL,
	`rows` integer DEFAULT 0 NOT NULL,
	`households` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`invalid` integer DEFAULT 0 NOT NULL,
	`bytes_read` integer DEFAULT 0 NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE INDEX `imports_created_idx` ON `imports` (`created_at`);