-- 013_reference.sql: the reference data quoted, not paraphrased (issue 14).
-- Source: MHHS-DEL1089 v1.0 (../shared/seed/000_3f9f5f1751d85b0e.txt).
-- Every text below is copied from the seed; the table cells' HTML markup
-- (<p>, <ul>, <u>) is dropped and runs of white space are one space.
-- tests/fixtures/seed/tables.txt holds the seed's lines and
-- tests/cli/reference.sh compares rcb's output with them.
--
-- What is rcb's own and not the document's is named so:
--   meeting_type.name             rcb's short name (the title without its
--                                 parenthesis), what --type matches
--   meeting_type.planned_minutes  rcb's default length of a meeting
--   role.name                     rcb's key for a role (attendee.role);
--                                 role.title is the document's spelling
--   role.counts_as                rcb's quorum mapping onto Table 10's members
-- None of these tables is chained (core/chain.c): updating them changes no
-- record of the board.  Control points and meeting types are referred to
-- by id, so their texts may change.

-- 12.7 Table 8 "Release Management Process Control Points", as written
-- (CP3 and CP5 end with a full stop; CP6 keeps its brackets).
UPDATE control_point SET name = 'RFC Raised' WHERE id = 1 AND name IS NOT 'RFC Raised';
UPDATE control_point SET name = 'Programme Governance Approval (for Major Releases only)' WHERE id = 2 AND name IS NOT 'Programme Governance Approval (for Major Releases only)';
UPDATE control_point SET name = 'Environments are built / maintained at required configuration baseline.' WHERE id = 3 AND name IS NOT 'Environments are built / maintained at required configuration baseline.';
UPDATE control_point SET name = 'Release Package and installation instructions are approved' WHERE id = 4 AND name IS NOT 'Release Package and installation instructions are approved';
UPDATE control_point SET name = 'List of known issues, workarounds and fixes to existing issues/workarounds is approved by / agreed with Resolving Defect Teams and distributed as appropriate.' WHERE id = 5 AND name IS NOT 'List of known issues, workarounds and fixes to existing issues/workarounds is approved by / agreed with Resolving Defect Teams and distributed as appropriate.';
UPDATE control_point SET name = 'Release plans produced and approved by the [Release Control Board]' WHERE id = 6 AND name IS NOT 'Release plans produced and approved by the [Release Control Board]';
UPDATE control_point SET name = 'RFC Approval' WHERE id = 7 AND name IS NOT 'RFC Approval';
UPDATE control_point SET name = 'Issues and resolutions are captured at time of deployment, and any amendments required in installation instructions are noted' WHERE id = 8 AND name IS NOT 'Issues and resolutions are captured at time of deployment, and any amendments required in installation instructions are noted';
UPDATE control_point SET name = 'Rollout completion / closure is approved' WHERE id = 9 AND name IS NOT 'Rollout completion / closure is approved';
UPDATE control_point SET name = 'Rollout report is delivered & Lessons Learnt are captured' WHERE id = 10 AND name IS NOT 'Rollout report is delivered & Lessons Learnt are captured';

-- 13.1 Table 10 "Release Control Board" and 13.2 Table 11 "Meeting
-- Guidelines": the meeting's name, "Content / Purpose" (Table 10:
-- "Purpose:") and "Frequency" as written.  source: the table quoted.
ALTER TABLE meeting_type ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting_type ADD COLUMN source TEXT NOT NULL DEFAULT '';
UPDATE meeting_type SET title = 'Release Kick-Off (Initial Release Planning)', purpose = 'Determine the requirements for the release. Likely to be a more formal meeting for major releases, and ad-hoc potentially not required for minor and patch releases. Required for Emergency Releases.', frequency = 'Once', source = 'Table 11' WHERE id = 1;
UPDATE meeting_type SET title = 'Release Plan Review', purpose = 'Review the release plans, ensuring that all of the activities that are required for the release deployment have appropriate steps at an appropriate level of granularity. Ensure all teams have the same understanding of the plan. Identify any issues or risks.', frequency = 'As required', source = 'Table 11' WHERE id = 2;
UPDATE meeting_type SET title = 'Go / No-Go', purpose = 'Assesses the readiness of the release, determines whether all of the required steps have been completed. Makes a Go / No-Go decision for release deployment.', frequency = 'Once', source = 'Table 11' WHERE id = 3;
UPDATE meeting_type SET title = 'Release Control Board', purpose = 'Brings together all required stakeholders to provide a formal control point for each release, tracking and agreeing progress through the lifecycle. Governs the Release', frequency = 'Daily/Weekly – as required', source = 'Table 10' WHERE id = 4;

-- 14 Table 12 "Release & Configuration Management Roles": the Role cell as
-- written (title) and its Definition (SI Defect Manager's continues on the
-- table's second page).  The five members of the board are named by
-- Table 10 ("Attendees:"), which Table 11 spells "Environments Manager"
-- and "Defects Manager"; Table 8 names a "Build Manager" responsible and
-- Table 13 four more columns.  Each is a role so that every name the
-- document gives a person or team can be recorded, and raci.role refers to
-- one.  source: the table that names the role.
ALTER TABLE role ADD COLUMN title TEXT NOT NULL DEFAULT '';
UPDATE role SET title = name, definition = '', source = 'Table 10' WHERE source = 'Table 11';
UPDATE role SET definition = 'Chair, Control and administer meetings, scheduling and prioritising agenda items, recording approvals and distributing outcomes' WHERE name = 'Release Manager';
UPDATE role SET title = 'SI Environments & Release Manager', definition = 'Overall accountability for the operational efficiency and effectiveness of environments and release management. • Coordination for planning and maintaining schedule for test environment usage. • Documenting the environment provision plan with the SI Test Team when available. • Raising and/or coordinating any environment Defect in ADO and liaising with relevant environment teams. • Assuring environments are stable during the Test window in conjunction with the relevant environment managers. • Managing & Tracking change in general across all environments. • Involved in Defect Triage meetings on a regular basis. Assuring that all required systems are connected & working as expected in the test environment prior to test execution.' WHERE name = 'SI Environments & Release Manager';
UPDATE role SET title = 'SI Release Manager', definition = 'A key role within the Release & Deployment Process, whose purpose is to manage the overall release process, to act as a point of escalation for process participants. • Responsible for release management plan. • Checking Release Notes when patch is delivered to determine which Defects can be set to retest. • Coordinating with the SI Defect & environment managers when required.' WHERE name = 'SI Release Manager';
UPDATE role SET title = 'DevOps Teams', definition = 'A key role in release package development, whose purpose is to build the release package, provide release content information and manage Release Note content within whole Release Lifecycle.' WHERE name = 'DevOps Teams';
UPDATE role SET title = 'SI Environment Manager', definition = 'Implements environment management strategy, policies and practices to provide and maintain the required non-production environments to support the programme.' WHERE name = 'SI Environment Manager';
UPDATE role SET title = 'Deployment Team', definition = 'Performs the deployment of the Release into the test environments.' WHERE name = 'Deployment Team';
UPDATE role SET title = 'SI Test Manager', definition = 'Responsible for managing one or more test phases.' WHERE name = 'SI Test Manager';
UPDATE role SET title = 'SI Defect Manager', definition = '• Leadership & communication of Defect management process. • Point of Escalation for defect issues and defect SLAs. • Regular Defect Status Reporting. • Running Defect Triage Panel and managing the audience. • Analysis of Defects to assist in project decision-making activities. • Liaising upstream with senior stakeholders and downstream with Test Participants Test and Programme teams. • Single point of contact for any user level access management towards Defect Management Tool (ADO). Involved in Defect status calls / Triage meetings.' WHERE name = 'SI Defect Manager';
UPDATE role SET title = 'SI Triage Team', definition = 'Representation from SI Design, Test and Programme teams. Review and analyse the newly raised Defects (along with Severity and Priority of the Defect) by different Test Participants'' Test team and drive relevant actions. Change the assigned Priority and Severity if required as a part of triage assessment. Involved in regular Defect Triage Meetings. Involved in changing the status from ''New'' to ''Open'' if a newly raised Defect is accepted by SI Triage Team.' WHERE name = 'SI Triage Team';
UPDATE role SET title = 'Test Defect Manager (per Test Participant)', definition = 'Reviewing & managing the quality of the Defect Submitted by Tester (along with Severity and Priority of the Defect). Involved in Defect Triage meetings on a regular basis. Point of contact for the SI Defect Manager and Test Execution Team. Driving Retest of Defects that have been delivered into the test environment. Reviewing, accepting, and closing Defects that have been successfully retested in the test environment.' WHERE name = 'Test Defect Manager';
UPDATE role SET title = 'Tester (Test Participant)', definition = 'Submitting new Defects. Defect retest. Involved in Defect Triage meetings on a regular basis wherever necessary. Retesting fixed Defects as per the release notes/info in Defect Management Tool (ADO).' WHERE name = 'Tester';
UPDATE role SET title = 'SI Design Authority', definition = 'Provides Design concurrence for the design activities under the MHHS solution for environments.' WHERE name = 'SI Design Authority';
UPDATE role SET title = 'SRO TMAG Chair', definition = 'Point of escalation for System Integrator. Oversight of Environment Management process.' WHERE name = 'SRO TMAG Chair';
UPDATE role SET title = 'BSC and/or RECCO', definition = 'Point of escalation for System Integrator during Qualification.' WHERE name = 'BSC and/or RECCO';
UPDATE role SET title = 'PMO', definition = 'Set up and highlight agenda for monthly EWG meetings. General communication and escalation point. Administering documentation.' WHERE name = 'PMO';
UPDATE role SET title = 'Security Points of Contact', definition = 'Responsible as central points of contact for obtaining certificates and any other information related certificates Roles are defined in [REF-06] MHHS DIP 094 Interface Code of Connection Guide include DIP Service Providers' WHERE name = 'Security Points of Contact';
UPDATE role SET title = 'DIP Representatives', definition = 'Responsible for certificate registration Roles are defined in [REF-06] MHHS DIP 094 Interface Code of Connection Guide include Senior Responsible Officer (SRO), Appointed Responsible Officer (ARO) and Technical Contact (TC)' WHERE name = 'DIP Representatives';
INSERT OR IGNORE INTO role (name, source, counts_as, definition, title) VALUES
 ('Environments Manager', 'Table 11', 'Environment Manager', '', 'Environments Manager'),
 ('Defects Manager', 'Table 11', 'Defect Manager', '', 'Defects Manager'),
 ('Build Manager', 'Table 8', NULL, '', 'Build Manager'),
 ('Development Manager', 'Table 13', NULL, '', 'Development Manager'),
 ('Dev Ops', 'Table 13', NULL, '', 'Dev Ops'),
 ('Core System Providers', 'Table 13', NULL, '', 'Core System Providers'),
 ('Test Participants', 'Table 13', NULL, '', 'Test Participants');
UPDATE role SET title = name WHERE title = '';

-- 14.1 Table 13: every column of the RACI matrix is a role.  Rebuilt with
-- the foreign key; rowid order (Table 13's order) is kept.
CREATE TABLE raci_new (
	step TEXT NOT NULL,
	activity TEXT NOT NULL,
	role TEXT NOT NULL REFERENCES role(name),
	letters TEXT NOT NULL,
	PRIMARY KEY (activity, role)
);
INSERT INTO raci_new (step, activity, role, letters) SELECT step, activity, role, letters FROM raci ORDER BY rowid;
DROP TABLE raci;
ALTER TABLE raci_new RENAME TO raci;

-- 8.2 Table 2 "Environments per Test Stage": "Testing Stage" and
-- "Comments" as written.  Only rows still holding 001's paraphrase are
-- changed; source is 'Table 2' for the document's four environments, ''
-- for those a user adds (rcb env add).
ALTER TABLE environment ADD COLUMN source TEXT NOT NULL DEFAULT '';
UPDATE environment SET stage = '', comments = 'Readiness for SIT such as regression for changes, defect re-testing, etc. This will ensure that the actual SIT environments are not broken when new code is deployed.', source = 'Table 2' WHERE name = 'SIT Staging' AND comments = 'Readiness for SIT such as regression for changes, defect re-testing';
UPDATE environment SET stage = 'SIT Component Integration SIT Functional', comments = 'Component integration tests will be conducted as individual components are integrated. Then full end-to-end testing can start.', source = 'Table 2' WHERE name = 'SIT A' AND comments = 'Component integration, then full end-to-end testing';
UPDATE environment SET stage = 'SIT Migration SIT Non-Functional* SIT Operational', comments = 'It is assumed these three stages can be executed on one environment, but not in parallel to avoid conflicts. TP''s can decide to have their own environment for each stage or re-purpose their environments for each stage. *Note new systems, such as the DIP, may be required to run tests on Pre-Prod and Prod.', source = 'Table 2' WHERE name = 'SIT B' AND comments = 'Three stages on one environment, not in parallel';
UPDATE environment SET stage = 'Qualification E2E Sandbox', comments = 'Central systems and some (I)DNOs'' environments will be provided as a testing service to allow TPs to conduct Qualification Testing and E2ESandbox Testing. Each TP will need to complete either SIT or Qualification Testing before starting E2E Sandbox Testing.', source = 'Table 2' WHERE name = 'UIT' AND comments = 'Testing service for Qualification and E2E Sandbox Testing';
UPDATE environment SET source = 'Table 2' WHERE name IN ('SIT Staging', 'SIT A', 'SIT B', 'UIT');

-- 5.4 Participants: "These are:" and the list, each party's name (what a
-- component's party must be, core/register.c rcb_party_find) and its line
-- as written.  component.party stays text: a component of an older
-- database whose party is not one of these keeps it, and rcb check
-- reports it (rcb component set NAME party PARTY corrects it).
CREATE TABLE party (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE COLLATE NOCASE,
	quote TEXT NOT NULL
);
INSERT INTO party (id, name, quote) VALUES
 (1, 'Suppliers', 'Suppliers'),
 (2, 'Service providers', 'Service providers'),
 (3, '(I)DNOs', '(I)DNOs'),
 (4, 'Data Integration Platform service provider', 'Data Integration Platform service provider (responsible for the DIP)'),
 (5, 'DCC', 'DCC (responsible for both Smart Metering and Central Switching Service)'),
 (6, 'Elexon', 'Elexon (responsible for Elexon Central Systems, which comprise Load Shaping Service, Market Data Service, Volume Allocation Service, Industry Standing Data Service and BSC Settlement Operations)'),
 (7, 'Electralink', 'Electralink (responsible for the Data Transfer Network – DTN)'),
 (8, 'St Clements and C&C', 'St Clements and C&C, together with the (I)DNOs (responsible for SMRS)'),
 (9, 'UMSOs', 'UMSOs (responsible for the UMSO services)'),
 (10, 'RECCo', 'RECCo (responsible for EES).');
