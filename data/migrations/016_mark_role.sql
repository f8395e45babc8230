-- 016_mark_role.sql: the role a control point was marked in (issue 14;
-- MHHS-DEL1089 14.1, Table 13, and 12.7, Table 8).  rcb_mark_with()
-- (core/decision.c) records it and warns when the role is neither the
-- control point's Table 8 responsible nor R or A in Table 13 at its step.
-- NULL on marks made before 016 (rcb did not ask).  control_mark is
-- chained: core/chain.c leaves NULL columns out of a row's content, so the
-- hashes of earlier marks stand.
ALTER TABLE control_mark ADD COLUMN role TEXT REFERENCES role(name);
