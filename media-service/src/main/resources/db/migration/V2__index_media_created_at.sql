-- The orphan sweep looks for the oldest media without grants (OrphanSweeper).
create index media_created_at_idx on media (created_at);
