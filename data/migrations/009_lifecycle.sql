-- 009_lifecycle.sql: the release lifecycle by type and the RFC's life
-- (issue 14; core/lifecycle.c).
-- Source: MHHS-DEL1089 (../shared/seed) 12.4 step 4.4 (Table 4): "Deploy
-- release within agreed RFC window"; 12.8 step 2 (Table 9) the same for an
-- Emergency release.
--
-- The deployment window agreed with the RFC, both ends inclusive, UTC
-- "YYYY-MM-DDTHH:MM:SSZ" as core/deploy.h rcb_time_parse().  NULL: no
-- window recorded (nothing to check a deployment against).  The deploy
-- gate refuses a deployment outside it (blocker rfc-window, core/gate.c).
-- Existing rows are left as they are: an Emergency release recorded at a
-- standard step keeps it (core/lifecycle.c treats leaving it as a
-- correction that needs a reason).
ALTER TABLE release ADD COLUMN rfc_window_from TEXT;
ALTER TABLE release ADD COLUMN rfc_window_to TEXT;
