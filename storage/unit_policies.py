"""Row-level security for per-unit PostgreSQL users: each unit's login sees and writes only its own tickets.

Installed by migration 0012 (PostgreSQL only). The group role ``hotline_unit`` (no login) holds the
privileges; each unit gets its own login role, a member of it, mapped to the unit in
``unit_db_users`` (storage.unit_roles makes and rotates them). The policies ask
``hotline_sees_ticket(ticket_id)``: is the session's login mapped to a unit with an assignment on
that ticket. It uses ``session_user`` (the authenticated login, which SET ROLE cannot change) and is
SECURITY DEFINER so it reads the mapping and the assignments whatever the caller may read.

What a unit login may do: read its tickets through the view ``unit_tickets`` (the caller's identity
always masked; ``identity_open`` says whether the center granted it for that ticket and the reporter
did not ask for confidentiality) and ``tickets`` itself without the identity columns; read a granted
identity only through ``hotline_reveal_caller(ticket_id)``, which writes the chained audit entry;
read its tickets' events (``unit_ticket_events``: the identity keys stripped), calls, assignments and
attachments; add events (as its own unit), attachments and audit entries (under its own login as
origin); read the directory and calendar. A unit writes by adding events: the ``tickets`` projection
is the center's fold, never updated by a unit. Nothing else: no DELETE but on its own attachments,
no other unit's rows.
The center connects as the schema owner, which row-level security does not restrict.
"""

from __future__ import annotations

from typing import Any

GROUP = "hotline_unit"
IDENTITY = ("caller_phone", "caller_phone_raw", "caller_name", "caller_address")
MASK_SQL = {
    "caller_phone": "hotline_mask_phone(t.caller_phone)",
    "caller_phone_raw": "hotline_mask_phone(t.caller_phone_raw)",
    "caller_name": "hotline_mask_name(t.caller_name)",
    "caller_address": "hotline_mask_address(t.caller_address)",
}
TICKET_COLUMNS = (
    "id", "number", "profile", "state", "category", "urgency", "channel", "matter_address", "content",
    "created_at", "updated_at", "disposition", "article_id", "article_version", "mode", "dispatch_due",
    "finish_due", "callback_due", "first_response_due", "redo_count", "chase_level", "satisfaction",
    "closed_at", "closed_how", "duplicate_of", "repeat_calls", "call_id", "interaction_id",
)
EVENT_COLUMNS = ("id", "ticket_id", "kind", "actor", "actor_unit", "at", "origin", "status", "reason", "stored_at")

FUNCTIONS = """
CREATE OR REPLACE FUNCTION hotline_my_unit() RETURNS varchar LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$ SELECT unit_id FROM unit_db_users WHERE role_name = session_user $$;
CREATE OR REPLACE FUNCTION hotline_sees_ticket(tid varchar) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM ticket_assignments a JOIN unit_db_users u ON u.unit_id = a.unit_id
                 WHERE a.ticket_id = tid AND u.role_name = session_user) $$;
CREATE OR REPLACE FUNCTION hotline_identity_open(tid varchar) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp AS $$
  SELECT NOT EXISTS (SELECT 1 FROM caller_access c WHERE c.ticket_id = tid AND c.kind = 'confidential')
     AND COALESCE((SELECT c.kind = 'grant' FROM caller_access c
                   WHERE c.ticket_id = tid AND c.unit_id = hotline_my_unit() AND c.kind IN ('grant', 'revoke')
                   ORDER BY c.decided_at DESC, c.id DESC LIMIT 1), false) $$;
CREATE OR REPLACE FUNCTION hotline_mask_phone(v varchar) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL OR v = '' THEN v WHEN char_length(v) <= 7 THEN '****'
              ELSE left(v, 3) || repeat('*', char_length(v) - 7) || right(v, 4) END $$;
CREATE OR REPLACE FUNCTION hotline_mask_name(v varchar) RETURNS varchar LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL OR v = '' THEN v WHEN char_length(v) = 1 THEN '*'
              ELSE left(v, 1) || repeat('*', char_length(v) - 1) END $$;
CREATE OR REPLACE FUNCTION hotline_mask_address(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL OR v = '' THEN v WHEN char_length(v) <= 6 THEN '***'
              ELSE left(v, 6) || '***' END $$;
"""

# The one way a unit login reads a caller's identity: audited in the hash chain like any entry made in
# Python (storage.audit_chain.entry_hash's canonical JSON, built here byte for byte) and recorded in
# the change log so desks pull it.
REVEAL = f"""
CREATE OR REPLACE FUNCTION hotline_reveal_caller(tid varchar)
  RETURNS TABLE (caller_name varchar, caller_phone varchar, caller_phone_raw varchar, caller_address text)
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  who text := session_user; node text; ch text; head record; eid text := gen_random_uuid()::text;
  moment timestamptz := clock_timestamp(); nseq bigint; prev text := ''; prev_id text := '';
  detail jsonb; body text; digest text; unit varchar := hotline_my_unit();
BEGIN
  IF unit IS NULL OR NOT hotline_sees_ticket(tid) OR NOT hotline_identity_open(tid) THEN
    RAISE EXCEPTION USING MESSAGE = 'caller identity not granted for ticket ' || tid,
                          ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_advisory_xact_lock(12345012345);
  SELECT n.node INTO node FROM audit_node n WHERE n.id = 1;
  ch := who || '#' || node;
  PERFORM pg_advisory_xact_lock(hashtext('audit:' || ch));
  SELECT * INTO head FROM audit_chains c WHERE c.chain = ch;
  IF FOUND THEN nseq := head.seq + 1; prev := head.hash; prev_id := head.entry_id; ELSE nseq := 1; END IF;
  detail := jsonb_build_object('command', 'hotline_reveal_caller', 'unit_id', unit);
  body := '[' || to_json(ch)::text || ',' || nseq || ',' || to_json(prev)::text || ',' || to_json(prev_id)::text
    || ',' || to_json(eid)::text || ',' || to_json(to_char(moment AT TIME ZONE 'UTC',
       'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00')::text || ',' || to_json(who)::text
    || ',"unmask-caller","ticket",' || to_json(tid::text)::text
    || ',{{"command":"hotline_reveal_caller","unit_id":' || to_json(unit::text)::text || '}},' || to_json(who)::text
    || ']';
  digest := encode(sha256(convert_to(body, 'UTF8')), 'hex');
  INSERT INTO audit_log (id, at, actor, action, subject_kind, subject_id, detail, origin, chain, seq, prev_hash,
                         prev_id, hash)
    VALUES (eid, moment, who, 'unmask-caller', 'ticket', tid, detail, who, ch, nseq, prev, prev_id, digest);
  INSERT INTO audit_chains (chain, origin, seq, hash, entry_id) VALUES (ch, who, nseq, digest, eid)
    ON CONFLICT (chain) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, entry_id = EXCLUDED.entry_id;
  INSERT INTO changes (change_id, entity, entity_id, payload, origin, applied_at)
    VALUES (gen_random_uuid()::text, 'audit', eid, jsonb_build_object('id', eid, 'actor', who,
            'action', 'unmask-caller', 'subject_kind', 'ticket', 'subject_id', tid, 'detail', detail,
            'origin', who, 'at', to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00',
            'chain', ch, 'seq', nseq, 'prev_hash', prev, 'prev_id', prev_id, 'hash', digest), who, moment);
  RETURN QUERY SELECT t.caller_name, t.caller_phone, t.caller_phone_raw, t.caller_address
    FROM tickets t WHERE t.id = tid;
END $$;
REVOKE ALL ON FUNCTION hotline_my_unit(), hotline_sees_ticket(varchar), hotline_identity_open(varchar),
  hotline_reveal_caller(varchar) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hotline_my_unit(), hotline_sees_ticket(varchar), hotline_identity_open(varchar),
  hotline_reveal_caller(varchar) TO {GROUP};
"""

_identity_cols = ", ".join(f"{MASK_SQL[c]} AS {c}" for c in IDENTITY)
VIEWS = f"""
CREATE VIEW unit_tickets WITH (security_barrier = true) AS
  SELECT {", ".join("t." + c for c in TICKET_COLUMNS)}, {_identity_cols},
         hotline_identity_open(t.id) AS identity_open
  FROM tickets t WHERE hotline_sees_ticket(t.id);
CREATE VIEW unit_ticket_events WITH (security_barrier = true) AS
  SELECT {", ".join("e." + c for c in EVENT_COLUMNS)},
         e.data - 'caller_phone' - 'caller_phone_raw' - 'caller_name' - 'caller_address' AS data
  FROM ticket_events e WHERE hotline_sees_ticket(e.ticket_id);
"""

RLS_TABLES = ("tickets", "ticket_assignments", "ticket_calls", "ticket_events", "ticket_attachments",
              "audit_log", "audit_chains", "changes")

POLICIES = f"""
CREATE POLICY unit_read ON tickets FOR SELECT TO {GROUP} USING (hotline_sees_ticket(id));
CREATE POLICY unit_read ON ticket_assignments FOR SELECT TO {GROUP} USING (hotline_sees_ticket(ticket_id));
CREATE POLICY unit_read ON ticket_calls FOR SELECT TO {GROUP} USING (hotline_sees_ticket(ticket_id));
CREATE POLICY unit_read ON ticket_events FOR SELECT TO {GROUP} USING (hotline_sees_ticket(ticket_id));
CREATE POLICY unit_add ON ticket_events FOR INSERT TO {GROUP}
  WITH CHECK (hotline_sees_ticket(ticket_id) AND actor_unit = hotline_my_unit() AND origin = session_user);
CREATE POLICY unit_all ON ticket_attachments FOR ALL TO {GROUP} USING (hotline_sees_ticket(ticket_id))
  WITH CHECK (hotline_sees_ticket(ticket_id));
CREATE POLICY unit_read ON audit_log FOR SELECT TO {GROUP}
  USING (origin = session_user OR (subject_kind = 'ticket' AND hotline_sees_ticket(subject_id)));
CREATE POLICY unit_add ON audit_log FOR INSERT TO {GROUP}
  WITH CHECK (origin = session_user AND hotline_my_unit() IS NOT NULL);
CREATE POLICY unit_own ON audit_chains FOR ALL TO {GROUP} USING (origin = session_user)
  WITH CHECK (origin = session_user);
CREATE POLICY unit_read ON changes FOR SELECT TO {GROUP} USING (origin = session_user);
CREATE POLICY unit_add ON changes FOR INSERT TO {GROUP}
  WITH CHECK (origin = session_user AND (entity = 'audit'
              OR (entity = 'event' AND hotline_sees_ticket(payload ->> 'ticket_id'))));
"""

GRANTS = f"""
GRANT USAGE ON SCHEMA public TO {GROUP};
GRANT SELECT ({", ".join(TICKET_COLUMNS)}) ON tickets TO {GROUP};
GRANT SELECT ({", ".join(EVENT_COLUMNS)}) ON ticket_events TO {GROUP};
GRANT INSERT ON ticket_events TO {GROUP};
GRANT SELECT ON ticket_assignments, ticket_calls TO {GROUP};
GRANT SELECT, INSERT, UPDATE, DELETE ON ticket_attachments TO {GROUP};
GRANT SELECT, INSERT ON audit_log TO {GROUP};
GRANT SELECT, INSERT, UPDATE ON audit_chains TO {GROUP};
GRANT SELECT ON audit_node TO {GROUP};
GRANT SELECT, INSERT ON changes TO {GROUP};
GRANT USAGE ON SEQUENCE changes_seq_seq TO {GROUP};
GRANT SELECT ON units, unit_contacts, expert_seats, work_calendar, calendar_years TO {GROUP};
GRANT SELECT ON unit_tickets, unit_ticket_events TO {GROUP};
"""


def install(conn: Any) -> None:
    """Create the group role (once per cluster), the functions, views, policies and grants."""
    conn.exec_driver_sql(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{GROUP}') "
        f"THEN CREATE ROLE {GROUP} NOLOGIN; END IF; END $$"
    )
    for block in (FUNCTIONS, REVEAL, VIEWS, POLICIES, GRANTS):
        conn.exec_driver_sql(block)
    for table in RLS_TABLES:
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")


def uninstall(conn: Any) -> None:
    """Undo :func:`install` in this database (the cluster-wide group role stays: other databases use it)."""
    for table in RLS_TABLES:
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        for policy in ("unit_read", "unit_update", "unit_add", "unit_all", "unit_own"):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {policy} ON {table}")
    conn.exec_driver_sql("DROP VIEW IF EXISTS unit_tickets, unit_ticket_events")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {GROUP}")
    conn.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {GROUP}")
    conn.exec_driver_sql(f"REVOKE USAGE ON SCHEMA public FROM {GROUP}")
    for fn in ("hotline_reveal_caller(varchar)", "hotline_my_unit()", "hotline_sees_ticket(varchar)", "hotline_identity_open(varchar)",
               "hotline_mask_phone(varchar)", "hotline_mask_name(varchar)", "hotline_mask_address(text)"):
        conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {fn}")
