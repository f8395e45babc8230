-- gate_mix.sql: turn a register into a mixed one for the gate and the
-- stale-Go rule (tests/cli/export_gate.sh, bench/register_scale.sh): meetings
-- planned, running and cancelled, agendas on two meetings, verification runs
-- that passed, warned and failed with their tags equal, elsewhere, NULL,
-- abbreviated or upper-case, notes amended since, RFCs and tags changed,
-- tags moved at the source, holidays before the boards, releases with no
-- note.  Keyed on ids, so the same register mixes the same way.
UPDATE meeting SET closed_at = NULL WHERE id % 3 = 0;
UPDATE meeting SET closed_at = NULL, started_at = NULL WHERE id % 3 = 1 AND id % 2 = 0;
UPDATE meeting SET cancelled_at = coalesce(closed_at, date || 'T09:00:00Z'), cancel_reason = 'mixed'
	WHERE id % 17 = 5;
UPDATE meeting SET date = '2099-01-05' WHERE id % 23 = 3 AND closed_at IS NULL;
INSERT INTO agenda_item(meeting_id, release_id, position)
	SELECT (SELECT max(id) FROM meeting) - (r.id % 5), r.id, 1000 + r.id FROM release r WHERE r.id % 4 = 1;
INSERT INTO verify_run(release_id, at, who, result, repo_path, tag, tag_target, tag_oid, note_revision)
	SELECT r.id, '2021-03-0' || (1 + r.id % 9) || 'T10:00:00Z', 'mix',
	       CASE r.id % 5 WHEN 0 THEN 'fail' WHEN 1 THEN 'warn' ELSE 'pass' END, '/nonexistent/mix', coalesce(r.tag, 'v-mix'),
	       CASE r.id % 6 WHEN 0 THEN d.tag_commit WHEN 1 THEN 'abcdef0123456789abcdef0123456789abcdef01' WHEN 2 THEN NULL
	            WHEN 3 THEN substr(d.tag_commit, 1, 8) WHEN 4 THEN upper(d.tag_commit) ELSE r.commit_id END,
	       NULL, CASE r.id % 4 WHEN 0 THEN NULL WHEN 1 THEN 1 ELSE 5 END
	FROM release r LEFT JOIN release_decision rd ON rd.release_id = r.id LEFT JOIN decision d ON d.id = rd.decision_id
	WHERE r.id % 10 < 7;
INSERT INTO verify_run(release_id, at, who, result, repo_path, tag, tag_target, note_revision)
	SELECT release_id, '2021-04-01T10:00:00Z', 'mix', 'pass', repo_path, tag, tag_target, note_revision
	FROM verify_run WHERE release_id % 3 = 0;
INSERT OR IGNORE INTO verify_check(run_id, seq, name, status) SELECT id, 90, 'bom', 'fail' FROM verify_run WHERE result = 'fail';
INSERT OR IGNORE INTO verify_check(run_id, seq, name, status) SELECT id, 91, 'defects', CASE id % 2 WHEN 0 THEN 'fail' ELSE 'pass' END
	FROM verify_run WHERE result = 'fail';
UPDATE note SET revision = revision + 1, text = text || char(10) WHERE release_id % 7 = 2;
UPDATE note SET submitted = '2099-12-31' WHERE release_id % 19 = 4;
DELETE FROM note WHERE release_id % 29 = 6;
UPDATE release SET rfc_status = 'approved' WHERE id % 9 = 0;
UPDATE release SET rfc_status = 'raised' WHERE id % 9 = 1 AND rfc_status = 'approved';
UPDATE release SET tag = coalesce(tag, 'v') || '-mixed' WHERE id % 11 = 0;
UPDATE release SET rfc_id = NULL WHERE id % 31 = 7;
INSERT INTO source_tag_move(component_id, release_id, tag, old_target, new_target, url, at)
	SELECT component_id, id, coalesce(tag, 'v'), 'aaaaaaaaaaaa', CASE id % 2 WHEN 0 THEN NULL ELSE 'bbbbbbbbbbbb' END,
	       'https://git.example/mix', '2021-05-20T00:00:00Z' FROM release WHERE id % 13 = 0;
INSERT OR IGNORE INTO holiday(date, name, created_at, created_by)
	SELECT date(m.date, '-1 day'), 'mixed', '2021-01-01T00:00:00Z', 'mix' FROM meeting m WHERE m.id % 4 = 0;
