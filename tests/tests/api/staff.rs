//! Staff sign-in and the case-work API: who may see and do what, the status machine through the
//! API, notes, transfer, assignment, volunteers' filings, deadlines and the audit log.

use intake_tests::staff::*;
use intake_tests::*;
use serde_json::{Value, json};

async fn file(app: &TestApp, body: &Value) -> (String, String) {
    let r = app.file(body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    (
        r.body["reference"].as_str().unwrap_or_default().to_owned(),
        r.body["receipt_code"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn sign_in_tokens_and_lock_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = account(&app, "officer@example.org", "officer", Some("341102-labour-inspection")).await;
    let me = get(&app, "/api/v1/me", Some(&token)).await;
    assert_eq!((me.status, me.body["role"].as_str()), (200, Some("officer")));
    assert_eq!(me.body["email"], "officer@example.org");

    let wrong_password =
        app.post_json("/api/v1/auth/login", &json!({"email": "officer@example.org", "password": "nope"})).await;
    let unknown =
        app.post_json("/api/v1/auth/login", &json!({"email": "nobody@example.org", "password": "nope"})).await;
    assert_eq!(wrong_password.status, 401);
    assert_eq!(wrong_password.text, unknown.text, "a wrong email and a wrong password give the same answer");
    assert_eq!(wrong_password.body["code"], "invalid_credentials");

    // Refresh renews a valid token; after expiry neither works.
    let refreshed = post(&app, "/api/v1/auth/refresh", Some(&token), &json!({})).await;
    assert_eq!(refreshed.status, 200);
    assert_eq!(refreshed.body["expires_in"], 1800);
    app.clock.advance(chrono::Duration::minutes(31));
    assert_eq!(get(&app, "/api/v1/me", Some(&token)).await.status, 401, "expired");
    assert_eq!(post(&app, "/api/v1/auth/refresh", Some(&token), &json!({})).await.status, 401);

    // Tampered, foreign and unsigned tokens.
    let fresh = login(&app, "officer@example.org").await;
    let mut tampered = fresh.clone().into_bytes();
    let at = tampered.len() - 3;
    tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap_or_default();
    assert_eq!(get(&app, "/api/v1/me", Some(&tampered)).await.status, 401);
    let parts: Vec<&str> = fresh.split('.').collect();
    let none_header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0"; // {"alg":"none","typ":"JWT"}
    assert_eq!(get(&app, "/api/v1/me", Some(&format!("{none_header}.{}.", parts[1]))).await.status, 401, "alg none");
    let other =
        spawn_app_with(backend, |s| s.jwt_secret = Some("another-secret-another-secret-another-secret".into())).await;
    let foreign = account(&other, "officer@example.org", "officer", Some("341102-labour-inspection")).await;
    assert_eq!(get(&app, "/api/v1/me", Some(&foreign)).await.status, 401, "signed with another secret");
    assert_eq!(get(&app, "/api/v1/me", Some("garbage")).await.status, 401);
    assert_eq!(get(&app, "/api/v1/me", None).await.header("www-authenticate"), Some("Bearer"));

    // Logout revokes every token of the account.
    let second = login(&app, "officer@example.org").await;
    assert_eq!(post(&app, "/api/v1/auth/logout", Some(&fresh), &json!({})).await.status, 204);
    assert_eq!(get(&app, "/api/v1/me", Some(&fresh)).await.status, 401);
    assert_eq!(get(&app, "/api/v1/me", Some(&second)).await.status, 401);

    // Five failures lock the account, even against the right password, for 15 minutes.
    for _ in 0..4 {
        let r =
            app.post_json("/api/v1/auth/login", &json!({"email": "officer@example.org", "password": "wrong"})).await;
        assert_eq!(r.status, 401);
    }
    let fifth =
        app.post_json("/api/v1/auth/login", &json!({"email": "officer@example.org", "password": "wrong"})).await;
    assert_eq!(fifth.status, 429);
    let locked =
        app.post_json("/api/v1/auth/login", &json!({"email": "officer@example.org", "password": PASSWORD})).await;
    assert_eq!(locked.status, 429);
    assert_eq!(locked.body["code"], "account_locked");
    assert!(locked.header("retry-after").is_some());
    app.clock.advance(chrono::Duration::minutes(16));
    assert_eq!(
        app.post_json("/api/v1/auth/login", &json!({"email": "officer@example.org", "password": PASSWORD}))
            .await
            .status,
        200
    );
}
db_test!(sign_in_tokens_and_lock_out, sign_in_tokens_and_lock_out);

/// list, the case in the list, detail, note, transition, assign, transfer, my complaints.
type Expected = (u16, bool, u16, u16, u16, u16, u16, u16);

async fn who_may_see_and_do_what(backend: Backend) {
    let app = spawn_app(backend).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;
    let primary = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let copied = account(&app, "union@example.org", "officer", Some("341102-trade-union")).await;
    let unrelated = account(&app, "beijing@example.org", "officer", Some("11-labour-inspection")).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let callers: [(&str, Option<&str>); 6] = [
        ("anonymous", None),
        ("volunteer", Some(&volunteer)),
        ("primary officer", Some(&primary)),
        ("copied officer", Some(&copied)),
        ("unrelated officer", Some(&unrelated)),
        ("admin", Some(&admin)),
    ];
    let colleague_id = {
        let _ = account(&app, "colleague@example.org", "officer", Some("341102-labour-inspection")).await;
        intake::store::staff::by_email(&app.state.db, "colleague@example.org").await.ok().flatten().map_or(0, |s| s.id)
    };
    let beijing = office_id(&app, "11-labour-inspection").await;
    // Expected answers: list (whether the case is in it), detail, note, transition, assign, transfer, my complaints.
    let expected: [Expected; 6] = [
        (401, false, 401, 401, 401, 401, 401, 401),
        (403, false, 403, 403, 403, 403, 403, 200),
        (200, true, 200, 201, 200, 200, 200, 403),
        (200, true, 200, 403, 403, 403, 403, 403),
        (200, false, 404, 404, 404, 404, 404, 403),
        (200, true, 200, 201, 200, 200, 200, 403),
    ];
    for ((name, token), want) in callers.iter().zip(expected) {
        // A case of its own for each caller, so that one caller's change does not decide another's answer.
        let mut body = valid_complaint();
        body["tags"] = json!(["women"]);
        let (reference, _) = file(&app, &body).await;
        let list = get(&app, "/api/v1/cases?per_page=200", *token).await;
        assert_eq!(list.status, want.0, "{name}: list");
        let listed = list.body["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|i| i["reference"] == reference.as_str()));
        assert_eq!(listed, want.1, "{name}: the case in the list");
        let detail = get(&app, &format!("/api/v1/cases/{reference}"), *token).await;
        assert_eq!(detail.status, want.2, "{name}: detail {}", detail.text);
        let note = post(
            &app,
            &format!("/api/v1/cases/{reference}/notes"),
            *token,
            &json!({"body": "查看了材料", "visible_to_worker": false}),
        )
        .await;
        assert_eq!(note.status, want.3, "{name}: note {}", note.text);
        let transition =
            post(&app, &format!("/api/v1/cases/{reference}/transitions"), *token, &json!({"to": "accepted"})).await;
        assert_eq!(transition.status, want.4, "{name}: transition {}", transition.text);
        let assign =
            post(&app, &format!("/api/v1/cases/{reference}/assign"), *token, &json!({"staff_id": colleague_id})).await;
        assert_eq!(assign.status, want.5, "{name}: assign {}", assign.text);
        let transfer = post(
            &app,
            &format!("/api/v1/cases/{reference}/transfer"),
            *token,
            &json!({"office_id": beijing, "reason": "工作地点在北京"}),
        )
        .await;
        assert_eq!(transfer.status, want.6, "{name}: transfer {}", transfer.text);
        let mine = get(&app, "/api/v1/my/complaints", *token).await;
        assert_eq!(mine.status, want.7, "{name}: my complaints");
        if want.2 == 404 {
            assert_eq!(detail.body["code"], "case_not_found", "not 403: no existence leak");
        }
    }
}
db_test!(who_may_see_and_do_what, who_may_see_and_do_what);

async fn the_status_machine_through_the_api(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let (reference, code) = file(&app, &valid_complaint()).await;
    let go = |to: &'static str, reason: Option<&'static str>| {
        let path = format!("/api/v1/cases/{reference}/transitions");
        let officer = officer.clone();
        let app = &app;
        async move { post(app, &path, Some(&officer), &json!({"to": to, "reason": reason})).await }
    };
    assert_eq!(go("resolved", None).await.status, 409, "received -> resolved is refused");
    assert_eq!(go("closed", None).await.status, 409);
    assert_eq!(go("flying", None).await.status, 422);
    let accepted = go("accepted", None).await;
    assert_eq!((accepted.status, accepted.body["status"].as_str()), (200, Some("accepted")));
    assert_eq!(go("accepted", None).await.status, 409, "no move to the same status");
    assert_eq!(go("in_progress", None).await.status, 200);
    let refer = go("referred", None).await;
    assert_eq!(refer.status, 422, "a referral says to whom");
    assert!(refer.field_errors().contains(&("reason".into(), "reason_required".into())));
    assert_eq!(go("resolved", None).await.status, 200);
    assert_eq!(go("closed", None).await.status, 200);
    for to in ["received", "accepted", "in_progress", "resolved", "referred", "rejected"] {
        assert_eq!(go(to, Some("x")).await.status, 409, "closed -> {to}");
    }
    let tracked = app.track(&reference, &code).await;
    assert_eq!(tracked.body["status"], "closed");
    let statuses: Vec<&str> =
        tracked.body["timeline"].as_array().into_iter().flatten().filter_map(|e| e["status"].as_str()).collect();
    assert_eq!(statuses, vec!["received", "accepted", "in_progress", "resolved", "closed"]);

    // A rejection needs a reason the worker reads.
    let (second, second_code) = file(&app, &valid_complaint()).await;
    let path = format!("/api/v1/cases/{second}/transitions");
    assert_eq!(post(&app, &path, Some(&officer), &json!({"to": "rejected"})).await.status, 422);
    assert_eq!(
        post(&app, &path, Some(&officer), &json!({"to": "rejected", "reason": "不属于本单位管辖，请向当地仲裁委申请"}))
            .await
            .status,
        200
    );
    let tracked = app.track(&second, &second_code).await;
    assert!(tracked.text.contains("不属于本单位管辖"), "{}", tracked.text);
}
db_test!(the_status_machine_through_the_api, the_status_machine_through_the_api);

async fn notes_transfer_and_assignment(backend: Backend) {
    use intake::store::entity::{audit_entry, outbox_message};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(backend).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let beijing = account(&app, "beijing@example.org", "officer", Some("11-labour-inspection")).await;
    let mut body = valid_complaint();
    body["notify_by_email"] = json!(true);
    let (reference, code) = file(&app, &body).await;
    let notes = format!("/api/v1/cases/{reference}/notes");
    assert_eq!(
        post(&app, &notes, Some(&officer), &json!({"body": "内部：先核实站点", "visible_to_worker": false}))
            .await
            .status,
        201
    );
    assert_eq!(
        post(
            &app,
            &notes,
            Some(&officer),
            &json!({"body": "我们已联系站点，请保持电话畅通。", "visible_to_worker": true})
        )
        .await
        .status,
        201
    );
    let tracked = app.track(&reference, &code).await;
    assert!(tracked.text.contains("请保持电话畅通"), "the worker reads the visible note");
    assert!(!tracked.text.contains("先核实站点"), "and not the internal one");
    let worker_mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_update"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(worker_mails.len(), 1, "one email for the visible note, none for the internal one");
    assert_eq!(worker_mails[0].to_address, "wang@example.com");

    // Identity is masked unless revealed, and a reveal is audited.
    let masked = get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await;
    assert_eq!(masked.body["contact"]["phone"], "138****8000");
    assert_eq!(masked.body["contact"]["revealed"], false);
    assert!(masked.body["routing"].as_array().is_some_and(|r| !r.is_empty()), "the routing explanation is shown");
    let revealed = get(&app, &format!("/api/v1/cases/{reference}?reveal=contact"), Some(&officer)).await;
    assert_eq!(revealed.body["contact"]["phone"], "13800138000");
    let reveals = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("contact_revealed"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(reveals.len(), 1);

    // Transfer: access moves, the new office is emailed, the case starts again as received.
    let accepted =
        post(&app, &format!("/api/v1/cases/{reference}/transitions"), Some(&officer), &json!({"to": "accepted"})).await;
    assert_eq!(accepted.status, 200);
    let to = office_id(&app, "11-labour-inspection").await;
    let moved = post(
        &app,
        &format!("/api/v1/cases/{reference}/transfer"),
        Some(&officer),
        &json!({"office_id": to, "reason": "工作地点在北京"}),
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(
        get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await.status,
        404,
        "the old office loses access"
    );
    let there = get(&app, &format!("/api/v1/cases/{reference}"), Some(&beijing)).await;
    assert_eq!(
        (there.status, there.body["status"].as_str(), there.body["access"].as_str()),
        (200, Some("received"), Some("act"))
    );
    let transferred = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("case_transferred"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(
        transferred.iter().map(|m| m.to_address.as_str()).collect::<Vec<_>>(),
        vec!["labour-inspection.11@example.org"]
    );
    let tracked = app.track(&reference, &code).await;
    assert_eq!(tracked.body["status"], "received");
    assert!(
        tracked.body["recipients"]
            .as_array()
            .is_some_and(|r| r.iter().any(|o| o["id"] == to && o["role"] == "primary"))
    );

    // Assignment only to an officer of the handling office.
    let _ = account(&app, "colleague@example.org", "officer", Some("11-labour-inspection")).await;
    let colleague =
        intake::store::staff::by_email(&app.state.db, "colleague@example.org").await.ok().flatten().map_or(0, |s| s.id);
    let outsider =
        intake::store::staff::by_email(&app.state.db, "inspector@example.org").await.ok().flatten().map_or(0, |s| s.id);
    let path = format!("/api/v1/cases/{reference}/assign");
    assert_eq!(post(&app, &path, Some(&beijing), &json!({"staff_id": outsider})).await.status, 422);
    let assigned = post(&app, &path, Some(&beijing), &json!({"staff_id": colleague})).await;
    assert_eq!(assigned.body["assigned_staff_id"], colleague);
    let colleague_token = login(&app, "colleague@example.org").await;
    let mine = get(&app, "/api/v1/cases?assigned=me", Some(&colleague_token)).await;
    assert_eq!(mine.body["total"], 1);
}
db_test!(notes_transfer_and_assignment, notes_transfer_and_assignment);

async fn volunteers_file_on_behalf_and_follow_their_filings(backend: Backend) {
    let app = spawn_app(backend).await;
    let volunteer = account(&app, "volunteer@example.org", "volunteer", None).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let without = post(&app, "/api/v1/complaints", Some(&volunteer), &valid_complaint()).await;
    assert_eq!(without.status, 422);
    assert!(without.field_errors().contains(&("on_behalf".into(), "on_behalf_required".into())));
    let mut body = valid_complaint();
    body["on_behalf"] = json!({"consent_method": "verbal"});
    let filed = post(&app, "/api/v1/complaints", Some(&volunteer), &body).await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let reference = filed.body["reference"].as_str().unwrap_or_default();
    let _ = app.file(&valid_complaint()).await;
    let mine = get(&app, "/api/v1/my/complaints", Some(&volunteer)).await;
    let items = mine.body.as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "only their own filing");
    assert_eq!(items[0]["reference"], reference);
    assert_eq!(items[0]["status"], "received");
    assert!(items[0].get("description").is_none() && items[0].get("contact").is_none());
    let detail = get(&app, &format!("/api/v1/cases/{reference}"), Some(&officer)).await;
    assert_eq!(detail.body["filed_by_volunteer"], true);
    assert_eq!(detail.body["on_behalf_consent_method"], "verbal");
    assert_eq!(post(&app, "/api/v1/complaints", Some(&officer), &body).await.status, 403, "offices do not file");
}
db_test!(volunteers_file_on_behalf_and_follow_their_filings, volunteers_file_on_behalf_and_follow_their_filings);

async fn overdue_counts_working_days_and_holidays(backend: Backend) {
    // Filed on Monday 15 June 2026 with Wednesday 17 June a holiday: 16, 18, 19, 22, 23 June.
    let app = spawn_app_with(backend, |s| {
        s.holidays = vec![chrono::NaiveDate::from_ymd_opt(2026, 6, 17).unwrap_or_default()]
    })
    .await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let filed = app.file(&valid_complaint()).await;
    assert_eq!(filed.body["acknowledge_by"], "2026-06-23");
    assert!(!officer.is_empty());
    app.clock.advance(chrono::Duration::days(8)); // Tuesday 23 June: due today, not overdue.
    let officer = login(&app, "inspector@example.org").await;
    assert_eq!(get(&app, "/api/v1/cases?overdue=true", Some(&officer)).await.body["total"], 0);
    app.clock.advance(chrono::Duration::days(1));
    let officer = login(&app, "inspector@example.org").await;
    let overdue = get(&app, "/api/v1/cases?overdue=true", Some(&officer)).await;
    assert_eq!(overdue.body["total"], 1);
    assert_eq!(overdue.body["items"][0]["overdue"], true);
}
db_test!(overdue_counts_working_days_and_holidays, overdue_counts_working_days_and_holidays);

async fn the_audit_log_is_append_only(backend: Backend) {
    use sea_orm::ConnectionTrait;
    let app = spawn_app(backend).await;
    let _ = account(&app, "admin@example.org", "admin", None).await;
    assert!(app.state.db.execute_unprepared("UPDATE audit_log SET action = 'nothing'").await.is_err());
    assert!(app.state.db.execute_unprepared("DELETE FROM audit_log").await.is_err());
}
db_test!(the_audit_log_is_append_only, the_audit_log_is_append_only);

async fn csv_export_opens_in_a_spreadsheet(backend: Backend) {
    use intake::store::entity::audit_entry;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(backend).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let admin = account(&app, "admin@example.org", "admin", None).await;
    let mut tricky = valid_complaint();
    tricky["platform"] = json!("=HYPERLINK(\"http://evil\")");
    // A line break is refused in one-line fields (security finding 9): quotes and commas remain.
    tricky["employer"] = json!("琅琊区\"顺风\"配送站, 第二分部 （夜班）");
    let (reference, _) = file(&app, &tricky).await;
    let _ = file(&app, &valid_complaint()).await;
    let _ = account(&app, "beijing@example.org", "officer", Some("11-labour-inspection")).await;

    let response = app
        .client
        .get(app.url("/api/v1/cases.csv"))
        .bearer_auth(&officer)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/csv"))
    );
    let bytes = response.bytes().await.unwrap_or_default();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark for spreadsheet programs");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().cloned().unwrap_or_default();
    assert!(!header.iter().any(|h| h.starts_with("contact")), "no contact data for an officer");
    let rows: Vec<csv::StringRecord> = reader.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len(), 2);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let row = rows
        .iter()
        .find(|r| r.get(column("reference")) == Some(reference.as_str()))
        .unwrap_or_else(|| panic!("{rows:?}"));
    assert_eq!(
        row.get(column("employer")),
        Some("琅琊区\"顺风\"配送站, 第二分部 （夜班）"),
        "quotes and commas survive"
    );
    assert_eq!(row.get(column("platform")), Some("'=HYPERLINK(\"http://evil\")"), "a formula is neutralised");
    assert_eq!(row.get(column("region")), Some("安徽省 滁州市 琅琊区"));
    assert_eq!(row.get(column("amount_owed")), Some("3500.00"));

    let forbidden = app
        .get_with("/api/v1/cases.csv?include_contact=true", &[("Authorization", &format!("Bearer {officer}"))])
        .await;
    assert_eq!(forbidden.status, 403, "only an administrator may export contact data");
    let with_contact =
        app.client.get(app.url("/api/v1/cases.csv?include_contact=true")).bearer_auth(&admin).send().await;
    let text = match with_contact {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert!(text.contains("13800138000") && text.contains("contact_phone"));
    let audited = audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("cases_exported_with_contact"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(audited.len(), 1, "an export with contact data is audited");
}
db_test!(csv_export_opens_in_a_spreadsheet, csv_export_opens_in_a_spreadsheet);

async fn overdue_offices_get_one_digest_a_day(backend: Backend) {
    use intake::store::entity::outbox_message;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(backend).await;
    let (reference, _) = file(&app, &valid_complaint()).await;
    let digests = || async {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::Kind.eq("overdue_digest"))
            .all(&app.state.db)
            .await
            .unwrap_or_default()
    };
    assert_eq!(intake::jobs::digest::send_due(&app.state).await.unwrap_or(9), 0, "nothing is overdue yet");
    app.clock.advance(chrono::Duration::days(8)); // Tuesday 23 June, the day after the deadline.
    assert_eq!(intake::jobs::digest::send_due(&app.state).await.unwrap_or(0), 1);
    assert_eq!(intake::jobs::digest::send_due(&app.state).await.unwrap_or(9), 0, "once a day");
    let sent = digests().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to_address, "labour-inspection.341102@example.org", "to the handling office only");
    assert!(sent[0].body_text.contains(&reference) && sent[0].subject.contains("逾期"), "{}", sent[0].body_text);
    assert!(!sent[0].body_text.contains("王师傅") && !sent[0].body_text.contains("13800138000"));
    app.clock.advance(chrono::Duration::days(1));
    assert_eq!(intake::jobs::digest::send_due(&app.state).await.unwrap_or(0), 1, "the next day again");
    assert_eq!(digests().await.len(), 2);
}
db_test!(overdue_offices_get_one_digest_a_day, overdue_offices_get_one_digest_a_day);

async fn a_worker_who_did_not_ask_is_not_emailed(backend: Backend) {
    use intake::store::entity::outbox_message;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let app = spawn_app(backend).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let (reference, code) = file(&app, &valid_complaint()).await;
    let note = post(
        &app,
        &format!("/api/v1/cases/{reference}/notes"),
        Some(&officer),
        &json!({"body": "请补充工资条照片", "visible_to_worker": true}),
    )
    .await;
    assert_eq!(note.status, 201);
    let accepted =
        post(&app, &format!("/api/v1/cases/{reference}/transitions"), Some(&officer), &json!({"to": "accepted"})).await;
    assert_eq!(accepted.status, 200);
    let mails = outbox_message::Entity::find()
        .filter(outbox_message::Column::Kind.eq("worker_update"))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert!(mails.is_empty(), "notify_by_email was not asked for");
    assert!(
        app.track(&reference, &code).await.text.contains("请补充工资条照片"),
        "the tracking page still shows the note"
    );
}
db_test!(a_worker_who_did_not_ask_is_not_emailed, a_worker_who_did_not_ask_is_not_emailed);

async fn the_staff_api_is_documented_with_its_security_scheme(backend: Backend) {
    let app = spawn_app(backend).await;
    let doc = app.get("/api/v1/openapi.json").await;
    assert_eq!(doc.body["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    for path in [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/me",
        "/api/v1/cases",
        "/api/v1/cases/{reference}",
        "/api/v1/cases/{reference}/transitions",
        "/api/v1/cases/{reference}/notes",
        "/api/v1/cases/{reference}/transfer",
        "/api/v1/cases/{reference}/assign",
        "/api/v1/cases.csv",
        "/api/v1/my/complaints",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc.body["paths"]["/api/v1/cases"]["get"]["security"].is_array(), "with the bearer scheme");
}
db_test!(the_staff_api_is_documented_with_its_security_scheme, the_staff_api_is_documented_with_its_security_scheme);

/// Every pair of statuses through the API: a case is driven to `from` along allowed moves, then
/// asked to move to `to`; the answer must match the status machine of DESIGN.md.
async fn every_transition_of_the_status_machine(backend: Backend) {
    let app = spawn_app(backend).await;
    let officer = account(&app, "inspector@example.org", "officer", Some("341102-labour-inspection")).await;
    let path_to = |status: &str| -> Vec<&'static str> {
        match status {
            "received" => vec![],
            "accepted" => vec!["accepted"],
            "in_progress" => vec!["accepted", "in_progress"],
            "resolved" => vec!["accepted", "in_progress", "resolved"],
            "referred" => vec!["accepted", "in_progress", "referred"],
            "closed" => vec!["accepted", "in_progress", "resolved", "closed"],
            _ => vec!["rejected"],
        }
    };
    let allowed = [
        ("received", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "resolved"),
        ("in_progress", "referred"),
        ("resolved", "closed"),
        ("referred", "closed"),
        ("received", "rejected"),
        ("accepted", "rejected"),
        ("in_progress", "rejected"),
    ];
    let statuses = ["received", "accepted", "in_progress", "resolved", "referred", "closed", "rejected"];
    for from in statuses {
        for to in statuses {
            let (reference, _) = file(&app, &valid_complaint()).await;
            let path = format!("/api/v1/cases/{reference}/transitions");
            for step in path_to(from) {
                let r = post(&app, &path, Some(&officer), &json!({"to": step, "reason": "理由"})).await;
                assert_eq!(r.status, 200, "setting up {from}: {step}: {}", r.text);
            }
            let r = post(&app, &path, Some(&officer), &json!({"to": to, "reason": "给投诉人的说明"})).await;
            if allowed.contains(&(from, to)) {
                assert_eq!((r.status, r.body["status"].as_str()), (200, Some(to)), "{from} -> {to}: {}", r.text);
            } else {
                assert_eq!(r.status, 409, "{from} -> {to} is refused: {}", r.text);
                assert_eq!(r.body["code"], "transition_not_allowed");
            }
        }
    }
}
db_test!(every_transition_of_the_status_machine, every_transition_of_the_status_machine);
