-- Issue 14 (#37, 12.4 step 4.4): a release goes to its target
-- environment.  A deployment into another one is recorded with a warning,
-- not refused; target_env keeps the release's target environment at the
-- time (its name, as "@env" names the environment deployed into), NULL
-- when the deployment went to the target or the release had none.
-- Nullable, no default: deployment rows are chained (core/chain.c) and a
-- NULL column leaves every old row's hash as it was.
ALTER TABLE deployment ADD COLUMN target_env TEXT;
