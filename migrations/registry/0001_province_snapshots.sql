CREATE TABLE `province_snapshots` (
	`province` text NOT NULL,
	`year` integer NOT NULL,
	`taken_on` text NOT NULL,
	`taken_at` text NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`province`, `year`, `taken_on`)
);
