-- A device token's PIN key (device/pinVerifier.ts): the key the store's PIN verifiers are sealed
-- under for that device. In a column of its own rather than the token's record, so listing the
-- devices' tokens never carries it. NULL on tokens made before PIN keys: such a token gets no
-- verifiers (GET /v1/clerks answers no_pin_key) until the device is given a new token.
ALTER TABLE tokens ADD COLUMN pin_key text;
