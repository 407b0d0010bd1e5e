-- The web console's data operations (central/console/data/).

-- A console list of one store's or one device's redemptions, newest first.
CREATE INDEX redemptions_of_store ON redemptions (store_id, seq);
CREATE INDEX redemptions_of_device ON redemptions (device_id, seq);
