-- Schema of a database made by schema revision 0002_archive_visibility (frozen copy; never edit).
-- Used by test_migrations.py to check that a database at the previous head opens, migrates
-- its scenario payloads (format 1 -> 2) and keeps every saved thing.
CREATE TABLE scenarios (
	id INTEGER NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR(120) NOT NULL, 
	latest_version INTEGER NOT NULL, archived BOOLEAN DEFAULT 0 NOT NULL, 
	CONSTRAINT pk_scenarios PRIMARY KEY (id), 
	CONSTRAINT uq_scenarios_name UNIQUE (name)
);
CREATE TABLE scenario_versions (
	id INTEGER NOT NULL, 
	scenario_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	payload TEXT NOT NULL, 
	author VARCHAR(120) NOT NULL, 
	created_at DATETIME NOT NULL, 
	comment TEXT NOT NULL, 
	CONSTRAINT pk_scenario_versions PRIMARY KEY (id), 
	CONSTRAINT fk_scenario_versions_scenario_id_scenarios FOREIGN KEY(scenario_id) REFERENCES scenarios (id), 
	CONSTRAINT uq_scenario_versions_scenario_version UNIQUE (scenario_id, version)
);
CREATE INDEX ix_scenario_versions_scenario_id ON scenario_versions (scenario_id);
CREATE TABLE audit_log (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR(120) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	subject VARCHAR(200) NOT NULL, 
	scenario_id INTEGER, 
	version INTEGER, 
	comment TEXT NOT NULL, 
	changes TEXT NOT NULL, 
	CONSTRAINT pk_audit_log PRIMARY KEY (id)
);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_subject ON audit_log (subject);
CREATE TABLE workshop_sessions (
	id INTEGER NOT NULL, 
	code VARCHAR(12) NOT NULL, 
	title VARCHAR(120) NOT NULL, 
	region VARCHAR(64) NOT NULL, 
	facilitator VARCHAR(120) NOT NULL, 
	created_at DATETIME NOT NULL, 
	status VARCHAR(16) NOT NULL, reveal_individual BOOLEAN DEFAULT 0 NOT NULL, 
	CONSTRAINT pk_workshop_sessions PRIMARY KEY (id), 
	CONSTRAINT uq_workshop_sessions_code UNIQUE (code)
);
CREATE TABLE workshop_participants (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	name VARCHAR(80) NOT NULL, 
	name_key VARCHAR(80) NOT NULL, 
	role VARCHAR(80) NOT NULL, 
	organisation VARCHAR(120) NOT NULL, 
	joined_at DATETIME NOT NULL, 
	CONSTRAINT pk_workshop_participants PRIMARY KEY (id), 
	CONSTRAINT fk_workshop_participants_session_id_workshop_sessions FOREIGN KEY(session_id) REFERENCES workshop_sessions (id), 
	CONSTRAINT uq_workshop_participants_session_name UNIQUE (session_id, name_key), 
	CONSTRAINT uq_workshop_participants_token_hash UNIQUE (token_hash)
);
CREATE INDEX ix_workshop_participants_session_id ON workshop_participants (session_id);
CREATE TABLE workshop_submissions (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	participant_id INTEGER NOT NULL, 
	revision INTEGER NOT NULL, 
	nonce VARCHAR(64) NOT NULL, 
	method VARCHAR(16) NOT NULL, 
	inputs TEXT NOT NULL, 
	weights TEXT NOT NULL, 
	submitted_at DATETIME NOT NULL, 
	CONSTRAINT pk_workshop_submissions PRIMARY KEY (id), 
	CONSTRAINT fk_workshop_submissions_participant_id_workshop_participants FOREIGN KEY(participant_id) REFERENCES workshop_participants (id), 
	CONSTRAINT fk_workshop_submissions_session_id_workshop_sessions FOREIGN KEY(session_id) REFERENCES workshop_sessions (id), 
	CONSTRAINT uq_workshop_submissions_participant_nonce UNIQUE (participant_id, nonce), 
	CONSTRAINT uq_workshop_submissions_participant_revision UNIQUE (participant_id, revision)
);
CREATE INDEX ix_workshop_submissions_participant_id ON workshop_submissions (participant_id);
CREATE INDEX ix_workshop_submissions_session_id ON workshop_submissions (session_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('0002_archive_visibility');
