-- The SQL the service runs on PostgreSQL to file one complaint, in order, as captured from the
-- PostgreSQL log (log_statement = 'all') of one POST /api/v1/complaints with an Idempotency-Key,
-- a contact, a platform and an employer, routed to two offices: the idempotency lookup, then one
-- transaction with the complaint, its id, its two recipients, its routing decision, its first
-- event, the lead check for its two causes, its two office emails and its stored answer. Values
-- have the captured sizes. The lead check is the one of the steady state, in which both causes
-- already have a lead (tests/bench/ceiling_setup.sql makes them) and the complaint joins them;
-- the first complaints of a cause count its cluster instead, a query whose rows grow with every
-- complaint of a cause that has no lead, which would make this ceiling sink as it runs. Run by
-- tests/bench/run.sh with pgbench -M prepared (the service's driver prepares every statement too).
\set r random(1, 999999999999)
\set w random(1, 4)
SELECT "key_hash", "request_hash", "status_code", "nonce", "response", "created_at", "expires_at" FROM "idempotency_keys" WHERE "key_hash" = md5(:client_id || '-' || :r) LIMIT 1;
BEGIN;
INSERT INTO "complaints" ("reference", "receipt_hash", "status", "category", "region_code", "description", "platform", "employer", "occurred_on", "amount_owed_fen", "affected_workers", "tags", "anonymous", "contact_name", "contact_phone", "contact_email", "contact_id_number", "language", "notify_by_email", "consented_at", "on_behalf_consent_method", "primary_office_id", "routing_fallback", "acknowledge_by", "created_at", "updated_at", "filed_by_staff_id", "assigned_staff_id", "platform_key", "employer_key") VALUES ('B' || :client_id || '-' || :r, '2cb3b4fdca833f3e0094a927eeb6197dc39fa76c826fdacd38d7693d117da976', 'received', 'wage_arrears', '341102', '负载测试：站点拖欠了配送费，已经两个月没有结算。', '美团', '第' || :client_id || '配送站', NULL, NULL, :w, '', false, '王师傅', '13800000001', NULL, NULL, 'zh-CN', false, now(), NULL, 1, false, current_date + 7, now(), now(), NULL, NULL, 'meituan', '第' || :client_id || '配送站');
SELECT "reference", "id" AS cid FROM "complaints" WHERE "reference" IN ('B' || :client_id || '-' || :r) \gset
INSERT INTO "complaint_recipients" ("complaint_id", "office_id", "role", "rule_id", "active", "created_at") VALUES (:cid, 1, 'primary', 1, true, now()), (:cid, 2, 'copy', 2, true, now());
INSERT INTO "routing_decisions" ("complaint_id", "decided_at", "fallback", "explanation") VALUES (:cid, now(), false, repeat('r', 552));
INSERT INTO "complaint_events" ("complaint_id", "at", "kind", "status", "message", "visible_to_worker", "office_id", "staff_id") VALUES (:cid, now(), 'submitted', 'received', NULL, true, NULL, NULL);
SELECT "id", "kind", "key", "category", "city_prefix", "status", "reason", "linked_reference", "office_id", "created_at", "updated_at" FROM "leads" WHERE ("kind" = 'platform' AND "key" = 'meituan' AND "category" = 'wage_arrears' AND "city_prefix" = '3411') OR ("kind" = 'employer' AND "key" = '第1配送站' AND "category" = 'wage_arrears' AND "city_prefix" = '3411') ORDER BY "id" ASC;
INSERT INTO "lead_members" ("lead_id", "complaint_id") VALUES (1, :cid), (2, :cid);
INSERT INTO "outbox_messages" ("kind", "complaint_id", "office_id", "to_address", "language", "subject", "body_text", "body_html", "message_id", "status", "attempts", "next_attempt_at", "locked_until", "last_error", "created_at", "sent_at", "secret_nonce", "secret_sealed") VALUES ('new_case', :cid, 1, 'labour-inspection.34@example.org', 'zh-CN', repeat('主', 25), repeat('文', 137), repeat('h', 743), '<' || md5(:client_id || '-' || :r) || '@intake.example.org>', 'pending', 0, now(), NULL, NULL, now(), NULL, NULL, NULL), ('case_copied', :cid, 2, 'trade-union.34@example.org', 'zh-CN', repeat('抄', 25), repeat('文', 153), repeat('h', 791), '<' || md5(:r || '-' || :client_id) || '@intake.example.org>', 'pending', 0, now(), NULL, NULL, now(), NULL, NULL, NULL);
INSERT INTO "idempotency_keys" ("key_hash", "request_hash", "status_code", "nonce", "response", "created_at", "expires_at") VALUES (md5(:client_id || '-' || :r) || md5(:r || ''), md5(:r || '-'), 201, '\x2a93daf785357e2aca6445c6', decode(repeat('ab', 377), 'hex'), now(), now() + interval '24 hours');
COMMIT;
